// Case: formbricks/formbricks, fix commit f73f13f16c068ab51a762c0b2dc63c7b26a7cc53 ("fix Prisma connection pool
// saturation from unbounded Promise.all fan-outs", PR https://github.com/formbricks/formbricks/pull/7404). Fixed: rows
// are deleted five at a time.
import { useState } from 'react';

export interface SelectionBarProps {
  readonly selectedIds: readonly string[];
  readonly kind: 'response' | 'contact';
  readonly deleteRow: (id: string, options?: { adjustQuotas: boolean }) => Promise<void>;
  readonly onDeleted: (ids: readonly string[]) => void;
}

const CHUNK_SIZE = 5;

export function SelectionBar({ selectedIds, kind, deleteRow, onDeleted }: SelectionBarProps) {
  const [busy, setBusy] = useState(false);

  const deleteSelected = async () => {
    setBusy(true);
    try {
      for (let start = 0; start < selectedIds.length; start += CHUNK_SIZE) {
        const chunk = selectedIds.slice(start, start + CHUNK_SIZE);
        if (kind === 'response') {
          await Promise.all(chunk.map((id) => deleteRow(id, { adjustQuotas: true })));
        } else {
          await Promise.all(chunk.map((id) => deleteRow(id)));
        }
      }
      onDeleted(selectedIds);
    } finally {
      setBusy(false);
    }
  };

  return (
    <button type="button" disabled={busy} onClick={() => void deleteSelected()}>
      Delete {selectedIds.length} selected
    </button>
  );
}
