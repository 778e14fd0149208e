import type { TextEdit } from '../rule.js';

/**
 * Applies the `fix` edits of findings to a text. Fixes are taken in source order; a fix that overlaps one already
 * taken is left for the next pass (the caller re-checks the file and applies it then). Suggestions are never
 * applied.
 *
 * @example
 * ```ts
 * const fixed = applyFixes(text, findings.filter((f) => f.file === file));
 * ```
 */
export function applyFixes(
  text: string,
  findings: readonly { readonly fix: readonly TextEdit[] | undefined }[],
): string {
  const fixes = findings
    .map((finding) => finding.fix)
    .filter((fix): fix is readonly TextEdit[] => fix !== undefined && fix.length > 0)
    .map((edits) => [...edits].sort((a, b) => a.start - b.start || a.end - b.end))
    .sort((a, b) => (a[0]?.start ?? 0) - (b[0]?.start ?? 0));
  const taken: TextEdit[] = [];
  const overlaps = (edit: TextEdit): boolean =>
    taken.some(
      (other) =>
        (edit.start < other.end && other.start < edit.end) ||
        // Two insertions at the same offset, or an insertion at a replaced range's edge, would be ambiguous.
        (edit.start === other.start && (edit.start === edit.end || other.start === other.end)),
    );
  for (const edits of fixes) {
    const valid = edits.every((edit) => edit.start >= 0 && edit.end >= edit.start && edit.end <= text.length);
    if (!valid || edits.some(overlaps)) continue;
    // A fix's own edits must not overlap each other either.
    const ownOverlap = edits.some((edit, i) => i > 0 && edit.start < (edits[i - 1]?.end ?? 0));
    if (ownOverlap) continue;
    taken.push(...edits);
  }
  taken.sort((a, b) => b.start - a.start || b.end - a.end);
  let out = text;
  for (const edit of taken) out = out.slice(0, edit.start) + edit.text + out.slice(edit.end);
  return out;
}
