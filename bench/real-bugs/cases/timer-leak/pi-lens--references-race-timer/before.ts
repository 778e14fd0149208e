// Case: apmantza/pi-lens, fix commit 4a05c5f76b0c39c0b935d116c9be186e272ca428
// (issue https://github.com/apmantza/pi-lens/issues/1109). Rewritten in our own code: for each changed symbol the
// code asks a language server for references, racing it against a 750 ms timer that rejects. When the server
// answers first (the usual case) the timer is never cleared, so a one-shot run stays alive until it fires.
export interface SymbolNode {
  readonly name: string;
  readonly line: number;
  readonly column: number;
}

export interface ReferenceSource {
  findReferences(file: string, line: number, column: number): Promise<string[]>;
}

export async function widenImpact(
  source: ReferenceSource,
  file: string,
  changed: readonly SymbolNode[],
): Promise<Set<string>> {
  const affected = new Set<string>();
  const startedAt = Date.now();
  for (const symbol of changed) {
    if (symbol.line <= 0) continue;
    try {
      const references = await Promise.race([
        source.findReferences(file, symbol.line - 1, symbol.column - 1),
        new Promise<never>((_, reject) =>
          setTimeout(() => reject(new Error('references timed out')), 750),
        ),
      ]);
      for (const reference of references) affected.add(reference);
    } catch {
      // Timed out or the server failed: keep the import-graph neighbours only.
    }
    if (Date.now() - startedAt > 1200) break;
  }
  return affected;
}
