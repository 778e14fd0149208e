import { describeValue } from '@awaitwise/core/internal/validate';
import ts from '../typescript.cjs';
import { calleeName } from '../analysis/syntax/expressions.js';
import { enclosingFunction, type FunctionLike, isAsyncFunction } from '../analysis/syntax/functions.js';
import { defineRule } from '../rule.js';
import { isSerializedSection } from '../analysis/project/awaitwise-primitives.js';
import { isCommandLineScript } from '../analysis/project/command-line.js';
import { isTestFile } from '../analysis/project/test-code.js';
import { keyRaces } from './check-then-act/key-race.js';
import { pathRaces } from './check-then-act/path-race.js';
import { sharedCheckRaces } from './check-then-act/shared-check.js';
import { sharedState, staleWrites } from './check-then-act/stale-write.js';

/**
 * Code that makes the database serialise the section (a transaction, a row lock, a watched key), or handles the
 * duplicate a race produces (a unique-constraint error). Locks and deduplicating wrappers are recognised by type or
 * import instead (`analysis/project/awaitwise-primitives.ts`).
 */
const protection =
  /\$transaction|transaction\s*\(|TransactionClient|\b(?:tx|trx|txn)\s*\.|withTransaction|startTransaction|beginTransaction|FOR UPDATE|forUpdate|lockForUpdate|pessimistic|\bsession\b|E11000|\b11000\b|P2002|23505|ER_DUP_ENTRY|EEXIST|SQLITE_CONSTRAINT|UniqueConstraint|[Dd]uplicate|unique constraint|isolationLevel|\bWATCH\b|\.watch\s*\(|\bmulti\s*\(/;

/** Options of `check-then-act`. */
export interface CheckThenActOptions {
  /**
   * Report shared state checked, then written after an `await`: lazy initialisation
   * (`if (!this.conn) this.conn = await connect()`), `initialized`/`loading` flags set after the work they guard, and
   * `Map`/`Set` cache entries stored after an awaited load: concurrent first calls all pass the check and each runs
   * the work. Turn it off where such functions are never called concurrently.
   * @default true
   */
  readonly lazyInit: boolean;
}

const defaults: CheckThenActOptions = { lazyInit: true };

/**
 * `check-then-act`: a read and a later write on the same key with an `await` between and no transaction, lock or
 * duplicate handling; shared state (module `let`, `this` fields) read before an `await` and written after it from the
 * stale value.
 */
export default defineRule({
  meta: {
    id: 'check-then-act',
    description:
      'Reports a read and a write of the same key (or shared state) with an `await` between: concurrent calls both pass the check.',
    defaultSeverity: 'warning',
    requiresTypes: true,
    recommended: true,
    fixable: false,
    hasSuggestions: false,
    messages: {
      keyRace:
        '`{{read}}` checks `{{key}}`, then `{{write}}` writes it after an `await`: two concurrent calls can both pass the ' +
        'check (a duplicate or a lost update under double submission). Serialize per key with `KeyedMutex` or ' +
        '`singleflight` from @awaitwise/core, use a transaction or a unique constraint, or `@awaitwise/redis` locks ' +
        'across servers.',
      lazyInit:
        '`{{target}}` is checked, then set after an `await`: concurrent calls all pass the check and each runs the ' +
        'work in between (a second connection, a duplicate load or request). Claim it before the first `await` ' +
        '(store the in-flight promise), or use `lazy()` or `singleflight` from @awaitwise/core.',
      staleWrite:
        '`{{target}}` is read before an `await` and written after it from the value read: another call can change it ' +
        'in between and its update is lost. Re-read it after the `await`, update it in one step, or serialize with a ' +
        '`Mutex` from @awaitwise/core.',
    },
  },
  defaultOptions: defaults,
  validateOptions: (raw) => {
    const { lazyInit = true, ...rest } = raw;
    const unknown = Object.keys(rest)[0];
    if (unknown !== undefined) {
      throw new TypeError(`Unknown option \`${unknown}\` of check-then-act. Known options: lazyInit.`);
    }
    if (typeof lazyInit !== 'boolean') {
      throw new TypeError(`Expected \`lazyInit\` to be a boolean, got ${describeValue(lazyInit)}.`);
    }
    return { lazyInit };
  },
  create(context) {
    // A race needs calls that overlap: a test body or a one-shot script runs its steps one after the other.
    if (isTestFile(context.sourceFile.fileName) || isCommandLineScript(context.sourceFile)) return {};
    let checker: ts.TypeChecker | undefined;
    const serialized = (node: ts.Node): boolean => {
      checker ??= context.getTypeChecker();
      return isSerializedSection(node, checker);
    };
    const check = (node: ts.Node): void => {
      const fn = node as FunctionLike;
      if (!isAsyncFunction(fn) || fn.body === undefined || ts.isConstructorDeclaration(fn)) return;
      const races = keyRaces(fn);
      const isShared = sharedState(fn, context.sourceFile);
      const stale = staleWrites(fn, isShared);
      const checked = context.options.lazyInit ? sharedCheckRaces(fn, context.sourceFile, isShared) : [];
      const paths = pathRaces(fn, context.sourceFile);
      if (races.length === 0 && stale.length === 0 && checked.length === 0 && paths.length === 0) return;
      // The protection test reads the function's text: only pay for it when there is something to report.
      if (protection.test(protectionText(fn))) return;
      for (const finding of races) {
        if (serialized(finding.read.call)) continue;
        context.report({
          node: finding.write,
          messageId: 'keyRace',
          data: { read: finding.read.name, write: finding.writeName, key: finding.key },
        });
      }
      for (const finding of paths) {
        if (serialized(finding.check)) continue;
        context.report({
          node: finding.create,
          messageId: 'keyRace',
          data: {
            read: calleeName(finding.check) ?? 'check',
            write: calleeName(finding.create) ?? 'mkdir',
            key: finding.path,
          },
        });
      }
      const reported = new Set<ts.Node>();
      for (const finding of stale) {
        reported.add(finding.node);
        if (serialized(finding.node)) continue;
        context.report({ node: finding.node, messageId: 'staleWrite', data: { target: finding.target } });
      }
      for (const finding of checked) {
        if (reported.has(finding.node) || serialized(finding.node)) continue;
        context.report({ node: finding.node, messageId: 'lazyInit', data: { target: finding.target } });
      }
    };
    return {
      [ts.SyntaxKind.ArrowFunction]: check,
      [ts.SyntaxKind.FunctionExpression]: check,
      [ts.SyntaxKind.FunctionDeclaration]: check,
      [ts.SyntaxKind.MethodDeclaration]: check,
    };
  },
});

/** The function's text and that of the functions around it (a transaction callback protects what it encloses). */
function protectionText(fn: FunctionLike): string {
  let text = fn.getText();
  for (let current: ts.Node = fn; !ts.isSourceFile(current);) {
    const outer = enclosingFunction(current);
    if (outer === undefined) break;
    text += '\n' + outer.getText();
    current = outer;
  }
  return text;
}
