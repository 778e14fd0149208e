import { describeValue } from '@awaitwise/core/internal/validate';
import ts from '../typescript.cjs';
import { calleeName, rootOfChain } from '../analysis/syntax/expressions.js';
import { enclosingFunction, type FunctionLike, isAsyncFunction } from '../analysis/syntax/functions.js';
import { isLibrarySymbol } from '../analysis/syntax/scope.js';
import { defineRule } from '../rule.js';
import { isSerializedSection } from '../analysis/project/awaitwise-primitives.js';
import { isCommandLineScript } from '../analysis/project/command-line.js';
import { isTestFile } from '../analysis/project/test-code.js';
import { duplicateErrors, keyRaces } from './check-then-act/key-race.js';
import { pathRaces } from './check-then-act/path-race.js';
import { renderStateRaces } from './check-then-act/react-state.js';
import { claimedByEveryCaller, sharedCheckRaces } from './check-then-act/shared-check.js';
import { sharedState, staleWrites } from './check-then-act/stale-write.js';

/**
 * Code that makes the database serialise the section (a row lock, a serializable isolation level, a watched key), or
 * handles the duplicate a race produces (a unique-constraint error). Locks and deduplicating wrappers are recognised
 * by type or import instead (`analysis/project/awaitwise-primitives.ts`).
 */
const locking =
  /FOR UPDATE|forUpdate|lockForUpdate|pessimistic|isolationLevel|\bWATCH\b|\bmulti\s*\(|\bMULTI\b/;

/**
 * The duplicate a race produces, handled: a unique-constraint error code or name (`duplicateErrors`). Only error
 * handling counts (a `catch` clause, a `.catch(…)` callback): the same word elsewhere (`_duplicateRaw()`, a comment)
 * protects nothing.
 */
const duplicateHandled = duplicateErrors;

/**
 * A transaction around the section. At the default isolation level it does not stop two transactions from both
 * finding a row missing and both inserting it: a find-then-create inside a transaction the code opens itself is
 * reported; one handed in by the caller is taken as the author's answer by default (not under `strict`), and only when
 * the read runs inside it.
 */
const transactional =
  /\$transaction|transaction\s*\(|TransactionClient|\b(?:tx|trx|txn)\s*\.|withTransaction|startTransaction|beginTransaction|startSession|\.session\(|\{\s*session\b|\bsession\s*:|[{,]\s*transaction\s*[:,}]/;

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
  /**
   * Also report what is usually accepted: a cache-aside fill (`get` misses, the value is computed, then `set`: every
   * concurrent miss computes it again), a find-then-create inside a transaction handed in by the caller (at
   * the default isolation level both transactions can find the row missing), and a busy check on React state claimed with its own setter (`if
   * (submitting) return; setSubmitting(true); await send()`: a second call before the next render passes it).
   * @default false
   */
  readonly strict: boolean;
}

const defaults: CheckThenActOptions = { lazyInit: true, strict: false };

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
      renderState:
        '`{{target}}` is React state: this handler sees the value of the render it was made in, so a second call ' +
        'before the next render passes the check as well and runs the work again (a double submission). Guard with ' +
        'a ref read and set synchronously (`useRef`), or disable the trigger from a ref.',
      renderSnapshot:
        '`{{target}}` is React state: after the `await` this handler still holds the value of the render it was made ' +
        'in, and setting a value computed from it loses every change made meanwhile (its own earlier set included). ' +
        'Use the updater form, `set…((current) => …)`.',
    },
  },
  defaultOptions: defaults,
  validateOptions: (raw) => {
    const { lazyInit = true, strict = false, ...rest } = raw;
    const unknown = Object.keys(rest)[0];
    if (unknown !== undefined) {
      throw new TypeError(
        `Unknown option \`${unknown}\` of check-then-act. Known options: lazyInit, strict.`,
      );
    }
    if (typeof lazyInit !== 'boolean') {
      throw new TypeError(`Expected \`lazyInit\` to be a boolean, got ${describeValue(lazyInit)}.`);
    }
    if (typeof strict !== 'boolean') {
      throw new TypeError(`Expected \`strict\` to be a boolean, got ${describeValue(strict)}.`);
    }
    return { lazyInit, strict };
  },
  create(context) {
    // A race needs calls that overlap: a test body or a one-shot script runs its steps one after the other.
    if (isTestFile(context.sourceFile.fileName) || isCommandLineScript(context.sourceFile)) return {};
    let checker: ts.TypeChecker | undefined;
    const serialized = (node: ts.Node): boolean => {
      checker ??= context.getTypeChecker();
      return isSerializedSection(node, checker);
    };
    // TypeORM's `repository.create(…)` builds an entity in memory: a write is a call whose result is a promise.
    const writesSomething = (call: ts.Node): boolean => {
      checker ??= context.getTypeChecker();
      const type = checker.getTypeAtLocation(call);
      if ((type.flags & (ts.TypeFlags.Any | ts.TypeFlags.Unknown)) !== 0) return true;
      const parts = type.isUnion() ? type.types : [type];
      return parts.some(
        (part) =>
          (part.flags & (ts.TypeFlags.Any | ts.TypeFlags.Unknown)) !== 0 ||
          part.getProperty('then') !== undefined,
      );
    };
    // `localStorage`, `document`, `process`: a global the platform declares is one object for every call of the app
    const ambientGlobal = (at: ts.Node): boolean => {
      const root = ts.isExpression(at) ? rootOfChain(at) : undefined;
      if (root === undefined || !ts.isIdentifier(root)) return false;
      checker ??= context.getTypeChecker();
      const symbol = checker.getSymbolAtLocation(root);
      return (
        symbol !== undefined &&
        (symbol.flags & ts.SymbolFlags.Variable) !== 0 &&
        isLibrarySymbol(checker, symbol)
      );
    };
    const check = (node: ts.Node): void => {
      const fn = node as FunctionLike;
      if (fn.body === undefined || ts.isConstructorDeclaration(fn)) return;
      // A function that is not `async` waits only through `.then(…)` callbacks: only shared state can race there.
      const isAsync = isAsyncFunction(fn);
      if (!isAsync && !(context.options.lazyInit && continuesPromise(fn.body))) return;
      const isShared = sharedState(fn, context.sourceFile);
      // a function whose every caller stores its promise for later callers to join runs once per key at a time
      // reads and writes through the program's own functions, in any file, come from their summaries
      const keyed = isAsync ? keyRaces(fn, (checker ??= context.getTypeChecker())) : [];
      const races = keyed.length > 0 && claimedByEveryCaller(fn, context.sourceFile, isShared) ? [] : keyed;
      const stale = isAsync ? staleWrites(fn, isShared) : [];
      const checked = context.options.lazyInit
        ? sharedCheckRaces(fn, context.sourceFile, (text, at) => isShared(text, at) || ambientGlobal(at))
        : [];
      const paths = isAsync ? pathRaces(fn, context.sourceFile) : [];
      const rendered = renderStateRaces(fn);
      if (
        races.length === 0 &&
        stale.length === 0 &&
        checked.length === 0 &&
        paths.length === 0 &&
        rendered.length === 0
      )
        return;
      // The protection test reads the function's text: only pay for it when there is something to report.
      const text = protectionText(fn);
      if (locking.test(text) || errorHandling(fn).some((handler) => duplicateHandled.test(handler))) return;
      const inTransaction = transactional.test(text);
      for (const finding of races) {
        if (finding.refill && !context.options.strict) continue;
        // A transaction this code opens around the read and the create, whole in view and with no lock or isolation
        // level (those return above), lets two of them both find the row missing: not an answer to a duplicate.
        const openedHere = finding.duplicate && opensTransactionAround(finding.read.call);
        if (inTransaction && !openedHere && !(context.options.strict && finding.duplicate)) {
          // a transaction opened after the read (the write in its callback) does not cover the read
          const covering =
            finding.callback === undefined ? text : text.replace(finding.callback.parent.getText(), '');
          if (transactional.test(covering)) continue;
        }
        if (!finding.throughHelper && !writesSomething(finding.write)) continue;
        if (serialized(finding.read.call)) continue;
        context.report({
          node: finding.write,
          messageId: 'keyRace',
          data: { read: finding.read.label ?? finding.read.name, write: finding.writeName, key: finding.key },
        });
      }
      if (inTransaction) {
        stale.length = 0;
        checked.length = 0;
        paths.length = 0;
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
      for (const finding of rendered) {
        // React 18 renders between two clicks, so the busy check usually holds; it fails on other triggers (Enter and
        // a click, a re-entrant call, older React): reviewers judged it debatable on real apps, so `strict` only
        if (finding.kind === 'check' && !context.options.strict) continue;
        reported.add(finding.node);
        context.report({
          node: finding.node,
          messageId: finding.kind === 'check' ? 'renderState' : 'renderSnapshot',
          data: { target: finding.target },
        });
      }
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

/** Callees that run a callback as one transaction: Prisma `$transaction`, knex/Sequelize/Drizzle `transaction`. */
const transactionRunner = /^(?:\$transaction|transaction|withTransaction)$/;

/**
 * Whether `read` runs inside a transaction callback this file hands to its runner (`db.transaction(async (tx) => …)`):
 * the whole transaction is in view. A transaction handed in by the caller (`{ transaction }`, a `tx` parameter) may
 * sit behind a lock the caller took, so it stays the author's answer.
 */
function opensTransactionAround(read: ts.Node): boolean {
  for (let current: ts.Node = read; !ts.isSourceFile(current); current = current.parent) {
    const parent = current.parent;
    if (
      (ts.isArrowFunction(current) || ts.isFunctionExpression(current)) &&
      ts.isCallExpression(parent) &&
      parent.arguments.includes(current) &&
      transactionRunner.test(calleeName(parent) ?? '')
    ) {
      return true;
    }
  }
  return false;
}

/** Whether the body continues a promise with a callback (`.then(…)`, `.catch(…)`, `.finally(…)`) of its own. */
function continuesPromise(body: ts.Node): boolean {
  return /\.(?:then|catch|finally)\s*\(/.test(body.getText());
}

/**
 * The text of the error handling in `fn` and the functions around it: `catch` clauses and `.catch(…)` callbacks.
 */
function errorHandling(fn: FunctionLike): string[] {
  let outermost: ts.Node = fn;
  for (let outer = enclosingFunction(fn); outer !== undefined; outer = enclosingFunction(outer))
    outermost = outer;
  const handlers: string[] = [];
  const visit = (node: ts.Node): void => {
    if (ts.isCatchClause(node)) handlers.push(node.getText());
    else if (ts.isCallExpression(node) && calleeName(node) === 'catch')
      handlers.push(node.arguments.map((argument) => argument.getText()).join('\n'));
    ts.forEachChild(node, visit);
  };
  visit(outermost);
  return handlers;
}

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
