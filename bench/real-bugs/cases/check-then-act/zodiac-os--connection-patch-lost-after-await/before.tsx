// Case: gnosisguild/zodiac-os, fix commit a6d66ea8b1fe795b8ee15ccaa47f28a694dc39f6 ("fix a concurrency issue in
// connections setup"; https://github.com/gnosisguild/zodiac-os/pull/112), file
// extension/src/connections/ConnectionsDrawer/Edit/index.tsx.
// The code just before the fix, rewritten in our own code: the editor patches a connection by mapping over the list
// it read in this render and setting the result; a handler patches once, awaits a lookup, then patches again from the
// same, now stale, list and connection, so the first patch (and any other edit made meanwhile) is lost.
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
    setLinks(links.map((candidate) => (candidate.id === link.id ? { ...link, ...patch } : candidate)));
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
