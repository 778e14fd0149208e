import { describeValue } from '@awaitwise/core/internal/validate';
import ts from '../typescript.cjs';
import { calleeName } from '../analysis/syntax/expressions.js';
import { enclosingFunction, type FunctionLike, isAsyncFunction } from '../analysis/syntax/functions.js';
import { defineRule } from '../rule.js';
import { keyRaces } from './check-then-act/key-race.js';
import { staleWrites } from './check-then-act/stale-write.js';

/** Code that serialises the section, or handles the duplicate a race produces. */
const protection =
  /\$transaction|transaction\s*\(|TransactionClient|\b(?:tx|trx|txn)\s*\.|withTransaction|startTransaction|beginTransaction|KeyedMutex|Mutex|\block\s*\(|Lock\s*\(|withLock|runExclusive|singleflight|acquire\s*\(|FOR UPDATE|forUpdate|lockForUpdate|pessimistic|\bsession\b|E11000|\b11000\b|P2002|23505|ER_DUP_ENTRY|SQLITE_CONSTRAINT|UniqueConstraint|[Dd]uplicate|unique constraint|isolationLevel|\bWATCH\b|\.watch\s*\(|\bmulti\s*\(/;

/** Options of `check-then-act`. */
export interface CheckThenActOptions {
  /**
   * Also report lazy initialisation that awaits between its check and its write
   * (`if (!this.conn) this.conn = await connect()`): concurrent first calls all initialise. Off by default because on
   * real code most of these only repeat harmless work (a token fetched twice).
   * @default false
   */
  readonly lazyInit: boolean;
}

const defaults: CheckThenActOptions = { lazyInit: false };

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
    requiresTypes: false,
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
        '`{{target}}` is checked, then set after an `await`: concurrent first calls all pass the check and each runs ' +
        'the initialisation (a second connection, a duplicate request). Store the promise before awaiting, or use ' +
        '`lazy()` or `singleflight` from @awaitwise/core.',
      staleWrite:
        '`{{target}}` is read before an `await` and written after it from the value read: another call can change it ' +
        'in between and its update is lost. Re-read it after the `await`, update it in one step, or serialize with a ' +
        '`Mutex` from @awaitwise/core.',
    },
  },
  defaultOptions: defaults,
  validateOptions: (raw) => {
    const { lazyInit = false, ...rest } = raw;
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
    const check = (node: ts.Node): void => {
      const fn = node as FunctionLike;
      if (!isAsyncFunction(fn) || fn.body === undefined) return;
      const races = keyRaces(fn);
      const stale = ts.isConstructorDeclaration(fn)
        ? []
        : staleWrites(fn, context.sourceFile, context.options.lazyInit);
      // The protection test reads the function's text: only pay for it when there is something to report.
      if ((races.length === 0 && stale.length === 0) || protection.test(protectionText(fn))) return;
      for (const finding of races) {
        context.report({
          node: finding.write,
          messageId: 'keyRace',
          data: { read: finding.read.name, write: calleeName(finding.write) ?? 'write', key: finding.key },
        });
      }
      for (const finding of stale) {
        context.report({ node: finding.node, messageId: finding.kind, data: { target: finding.target } });
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
