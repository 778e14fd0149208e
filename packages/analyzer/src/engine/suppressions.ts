import ts from '../typescript.cjs';
import type { Finding, Severity } from '../rule.js';
import { findingSpan } from './run-rules.js';

/**
 * The engine's own checks, outside the pitfall catalog: a suppression comment that suppressed nothing
 * (`unused-suppression`) and one that is malformed or names an unknown rule (`invalid-suppression`).
 */
export const engineCheckIds = ['unused-suppression', 'invalid-suppression'] as const;

/** The id of one of the engine's own checks. */
export type EngineCheckId = (typeof engineCheckIds)[number];

/** Any id a reported finding can carry: a pitfall id, or one of the engine's own checks. */
export type FindingId = Finding['ruleId'] | EngineCheckId;

/** A finding as the engine reports it: a rule's finding, or one of the engine's own checks about suppressions. */
export type ReportedFinding = Omit<Finding, 'ruleId'> & {
  /** The rule id, or the engine check id (`unused-suppression`, `invalid-suppression`). */
  readonly ruleId: FindingId;
};

/** One id named by a suppression comment. */
interface SuppressedId {
  readonly id: string;
  readonly start: number;
  readonly end: number;
  used: boolean;
}

/** A parsed `awaitwise-ignore-next-line` or `awaitwise-ignore-file` comment. */
export interface Suppression {
  /** Which form. */
  readonly kind: 'next-line' | 'file';
  /** 1-based line the suppression applies to (`next-line` only; 0 for `file`). */
  readonly line: number;
  /** The ids it names. */
  readonly ids: readonly SuppressedId[];
  /** The directive's offsets (for reports). */
  readonly start: number;
  readonly end: number;
}

const directive = /awaitwise-ignore-(next-line|file)\b/g;

/**
 * Finds the suppression comments of a file. A directive inside a string or template is ignored: only comments count.
 * The form is `// awaitwise-ignore-next-line <id>[, <id>] -- reason` (the reason is optional) or
 * `// awaitwise-ignore-file <id>`; block comments work too.
 */
export function parseSuppressions(sourceFile: ts.SourceFile): {
  suppressions: Suppression[];
  problems: { start: number; end: number; message: string }[];
} {
  const text = sourceFile.text;
  const suppressions: Suppression[] = [];
  const problems: { start: number; end: number; message: string }[] = [];
  if (!text.includes('awaitwise-ignore-')) return { suppressions, problems };
  directive.lastIndex = 0;
  for (let match = directive.exec(text); match !== null; match = directive.exec(text)) {
    const comment = commentAt(sourceFile, match.index);
    // Like ESLint's directives, the comment must start with it: prose that mentions a directive is not one.
    if (comment === undefined || !/^\/[/*][\s*]*$/.test(text.slice(comment.pos, match.index))) continue;
    const kind = match[1] === 'file' ? 'file' : 'next-line';
    const start = match.index;
    // The directive's arguments run to the end of the comment (or its line) and stop at `--`.
    const commentEnd = comment.kind === ts.SyntaxKind.MultiLineCommentTrivia ? comment.end - 2 : comment.end;
    const lineEnd = text.indexOf('\n', start);
    const argsEnd = Math.min(commentEnd, lineEnd === -1 ? commentEnd : lineEnd);
    const argsStart = start + match[0].length;
    let args = text.slice(argsStart, argsEnd);
    const reasonAt = args.indexOf('--');
    if (reasonAt !== -1) args = args.slice(0, reasonAt);
    const ids: SuppressedId[] = [];
    const idPattern = /[^\s,]+/g;
    for (let idMatch = idPattern.exec(args); idMatch !== null; idMatch = idPattern.exec(args)) {
      const idStart = argsStart + idMatch.index;
      ids.push({ id: idMatch[0], start: idStart, end: idStart + idMatch[0].length, used: false });
    }
    if (ids.length === 0) {
      problems.push({
        start,
        end: argsStart,
        message: `\`awaitwise-ignore-${kind}\` names no rule: write \`// awaitwise-ignore-${kind} <rule-id> -- reason\`.`,
      });
      continue;
    }
    const endLine = sourceFile.getLineAndCharacterOfPosition(comment.end).line + 1;
    suppressions.push({ kind, line: kind === 'file' ? 0 : endLine + 1, ids, start, end: argsEnd });
  }
  return { suppressions, problems };
}

/** The comment that contains `offset`, or undefined when `offset` is in code, a string or a template. */
function commentAt(sourceFile: ts.SourceFile, offset: number): ts.CommentRange | undefined {
  // Descend to the deepest node whose full range holds the offset, then scan the gap before its next child.
  let node: ts.Node = sourceFile;
  let scanFrom: number;
  for (;;) {
    let next: ts.Node | undefined;
    let lastEnd = node === sourceFile ? 0 : node.getStart(sourceFile);
    ts.forEachChild(node, (child) => {
      if (next !== undefined) return true;
      if (child.pos <= offset && offset < child.end) {
        next = child;
        return true;
      }
      if (child.end <= offset) lastEnd = child.end;
      return undefined;
    });
    if (next === undefined) {
      scanFrom = node === sourceFile || offset < node.getStart(sourceFile) ? node.pos : lastEnd;
      break;
    }
    node = next;
  }
  const scanner = ts.createScanner(
    sourceFile.languageVersion,
    false,
    sourceFile.languageVariant,
    sourceFile.text,
  );
  scanner.resetTokenState(scanFrom);
  for (;;) {
    const token = scanner.scan();
    const tokenStart = scanner.getTokenFullStart();
    const tokenEnd = scanner.getTokenEnd();
    if (token === ts.SyntaxKind.EndOfFileToken || tokenStart > offset) return undefined;
    if (offset < tokenEnd) {
      if (token === ts.SyntaxKind.SingleLineCommentTrivia || token === ts.SyntaxKind.MultiLineCommentTrivia) {
        return { kind: token, pos: tokenStart, end: tokenEnd };
      }
      return undefined;
    }
  }
}

/** Inputs of {@link applySuppressions}. */
export interface ApplySuppressionsInput {
  readonly sourceFile: ts.SourceFile;
  readonly findings: readonly Finding[];
  /** Ids a suppression may name: every registered rule. */
  readonly knownIds: ReadonlySet<string>;
  /** Rules active in this run: suppressions of other rules are not reported as unused. */
  readonly activeIds: ReadonlySet<string>;
  /** Severities of the engine's checks. */
  readonly engineChecks: Readonly<Record<EngineCheckId, Severity | 'off'>>;
}

/**
 * Drops the findings that a suppression comment covers, and reports unused and invalid suppressions as
 * findings of their own.
 */
export function applySuppressions(input: ApplySuppressionsInput): ReportedFinding[] {
  const { sourceFile, findings, knownIds, activeIds, engineChecks } = input;
  const { suppressions, problems } = parseSuppressions(sourceFile);
  if (suppressions.length === 0 && problems.length === 0) return [...findings];
  const kept: ReportedFinding[] = [];
  for (const finding of findings) {
    let suppressed = false;
    for (const suppression of suppressions) {
      if (suppression.kind === 'next-line' && suppression.line !== finding.line) continue;
      for (const id of suppression.ids) {
        if (id.id === finding.ruleId) {
          id.used = true;
          suppressed = true;
        }
      }
    }
    if (!suppressed) kept.push(finding);
  }
  const engineFinding = (
    ruleId: EngineCheckId,
    start: number,
    end: number,
    messageId: string,
    message: string,
  ): ReportedFinding | undefined => {
    const severity = engineChecks[ruleId];
    if (severity === 'off') return undefined;
    return {
      ruleId,
      severity,
      ...findingSpan(sourceFile, start, end),
      messageId,
      message,
      suggestions: [],
      fix: undefined,
    };
  };
  const extra: (ReportedFinding | undefined)[] = [];
  for (const problem of problems) {
    extra.push(engineFinding('invalid-suppression', problem.start, problem.end, 'noRule', problem.message));
  }
  for (const suppression of suppressions) {
    for (const id of suppression.ids) {
      if (!knownIds.has(id.id)) {
        extra.push(
          engineFinding(
            'invalid-suppression',
            id.start,
            id.end,
            'unknownRule',
            `Unknown rule id \`${id.id}\` in \`awaitwise-ignore-${suppression.kind}\`: it suppresses nothing. ` +
              'Run `awaitwise rules` for the ids.',
          ),
        );
      } else if (!id.used && activeIds.has(id.id)) {
        const where = suppression.kind === 'file' ? 'in this file' : `on line ${suppression.line}`;
        extra.push(
          engineFinding(
            'unused-suppression',
            id.start,
            id.end,
            'unused',
            `\`awaitwise-ignore-${suppression.kind} ${id.id}\` is unused: \`${id.id}\` reports nothing ${where}. ` +
              'Remove the comment.',
          ),
        );
      }
    }
  }
  for (const finding of extra) if (finding !== undefined) kept.push(finding);
  return kept.sort((a, b) => a.start - b.start || a.ruleId.localeCompare(b.ruleId));
}
