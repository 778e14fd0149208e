// Case: gnosisguild/zodiac-os, fix commit a6d66ea8b1fe795b8ee15ccaa47f28a694dc39f6 ("fix a concurrency issue in
// connections setup"; https://github.com/gnosisguild/zodiac-os/pull/112), file
// extension/src/connections/ConnectionsDrawer/Edit/index.tsx.
// The fixed code, rewritten in our own code: the patch is applied with the updater form, to the list as it is when
// React applies it and to that list's own entry, so a patch made after the await builds on the earlier one.
import { useState } from 'react';

interface Link {
  id: string;
  network: number;
  moduleAddress: string;
  moduleKind?: string;
  batchAddress?: string;
}

declare function lookupBatchAddress(network: number, moduleAddress: string): Promise<string>;

export function LinkEditor({ linkId }: { linkId: string }) {
  const [links, setLinks] = useState<Link[]>([]);
  const link = links.find((candidate) => candidate.id === linkId);
  if (!link) return null;

  const patchLink = (patch: Partial<Link>) => {
    setLinks((current) =>
      current.map((candidate) => (candidate.id === link.id ? { ...candidate, ...patch } : candidate)),
    );
  };

  const chooseModule = async (moduleAddress: string, moduleKind: string) => {
    patchLink({ moduleAddress, moduleKind });
    if (moduleKind === 'roles') {
      patchLink({ batchAddress: await lookupBatchAddress(link.network, moduleAddress) });
    }
  };

  return (
    <select value={link.moduleAddress} onChange={(event) => void chooseModule(event.target.value, 'roles')}>
      <option value={link.moduleAddress}>{link.moduleAddress}</option>
    </select>
  );
}
