/**
 * What only names say of a library call, for `sequential-await`: the callee's body is outside the program, so its
 * name is all there is. A function of the program is judged by its body instead (see `callee-model.ts`).
 *
 * @module
 */
import ts from '../../typescript.cjs';
import { calleeName, memberName, skipOuter } from '../../analysis/syntax/expressions.js';
import type { LibraryNames, Work } from './callee-model.js';
import { isOrderedByName } from './ordering.js';

/**
 * Verbs of library calls that change something (a row, a file, a remote resource). Next to another await, such a
 * call is usually ordered on purpose: validate, then write; write, then read back. Only for callees outside the
 * program: a function of the program is judged by what its body writes.
 */
const stateChange =
  /^(create|insert|update|upsert|delete|destroy|remove|save|set|put|post|patch|send|write|add|publish|emit|upload|move|copy|rename|mkdir|rm|unlink|register|increment|decrement|store|persist|commit|apply|sync)/i;

/**
 * Verbs of calls that check something and throw to deny it: what follows them waits for their verdict. The only sign
 * for library calls; for functions of the program, next to what types say (`CalleeModel.denies`: a call that asserts
 * or never returns), since a body's own `throw` does not tell a deny from a failed request.
 */
const gateVerb = /^(authori[sz]e|authenticate|assert|verify|validate|check|ensure|require|guard)/i;

/**
 * A library call named like a check that throws to deny (`authorize…`, `validate…`).
 *
 * @example
 * ```ts
 * if (!first.inProgram && isGate(firstWork)) return false;
 * ```
 */
export function isGate(work: Work): boolean {
  return gateVerb.test(workName(work) ?? '');
}

/** SQL that only reads: anything else in a tagged template (`INSERT`, `UPDATE`, DDL) changes state. */
const readOnlySql = /^\s*(\(\s*)*(select|with|show|explain|values)\b/i;

function workName(work: Work): string | undefined {
  return ts.isTaggedTemplateExpression(work)
    ? (memberName(work.tag) ?? identifierText(work.tag))
    : calleeName(work);
}

function identifierText(expression: ts.Expression): string | undefined {
  const inner = skipOuter(expression);
  return ts.isIdentifier(inner) ? inner.text : undefined;
}

/**
 * A library call named like a state change (`create…`, `update…`), or a tagged template whose SQL is not a read.
 *
 * @example
 * ```ts
 * if (!second.inProgram && changesState(secondWork)) return false;
 * ```
 */
export function changesState(work: Work): boolean {
  if (ts.isNewExpression(work)) return false;
  if (ts.isTaggedTemplateExpression(work)) {
    const template = work.template;
    const head = ts.isNoSubstitutionTemplateLiteral(template) ? template.text : template.head.text;
    return !readOnlySql.test(head);
  }
  return stateChange.test(workName(work) ?? '');
}

/** Library calls that order what runs around them, even from deep inside a helper: pacing, locks, prompts. */
const pacingCalls = new Set(['sleep', 'delay', 'acquire', 'lock', 'runExclusive', 'question', 'prompt']);

/**
 * What only names say of a library call: its order, whether it changes the store it is made on.
 *
 * @example
 * ```ts
 * calleeModel(checker, work, libraryNames);
 * ```
 */
export const libraryNames: LibraryNames = {
  isOrdered: isOrderedByName,
  ordersCallers: (call) => pacingCalls.has(calleeName(call) ?? ''),
  changesStore: (work) => changesState(work),
};
