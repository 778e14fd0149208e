import ts from '../typescript.cjs';
import { canImport, importEdit } from '../analysis/edits.js';
import { dottedName, memberName, skipOuter, skipOuterUp } from '../analysis/syntax/expressions.js';
import { isAsyncFunction, isGenerator, ownAwaits } from '../analysis/syntax/functions.js';
import { forEachInFunction } from '../analysis/syntax/walk.js';
import { getRejectionAnalysis, type RejectVerdict } from '../analysis/can-reject.js';
import { validateBooleanOptions } from '../analysis/options.js';
import {
  expectsVoidCallback,
  overloadAcceptsThenableCallback,
  isThenableType,
  returnsThenable,
} from '../analysis/types/promise-types.js';
import { isInTestBody, isTestFile, isTypeTestFile } from '../analysis/project/test-code.js';
import {
  type DependentWork,
  isUiModule,
  runsInElectron,
  workLeftUndone,
} from '../analysis/project/ui-code.js';
import { isCommandLineScript } from '../analysis/project/command-line.js';
import {
  isThenableExpression,
  mayBeCallbackSlot,
  neverThenableSyntax,
  referenceNeverCallable,
  referenceReturnsThenable,
} from '../analysis/types/quick-types.js';
import type { Suggestion } from '../rule.js';
import { defineRule } from '../rule.js';

/** Options of the `async-void-callback` rule. */
export interface AsyncVoidCallbackOptions {
  /**
   * Also report async callbacks that cannot reject (their whole body is inside a `try`/`catch` that does not
   * rethrow): nothing waits for them, but their failure cannot become an unhandled rejection.
   * @default false
   */
  readonly strict: boolean;
}

type MessageId =
  | 'voidCallback'
  | 'voidCallbackSafe'
  | 'voidCallbackScript'
  | 'voidCallbackLogged'
  | 'voidCallbackUndone'
  | 'unwaitedLoop'
  | 'droppedMap'
  | 'asyncPredicate';

const defaults: AsyncVoidCallbackOptions = { strict: false };

/** Methods that register a listener on an emitter (where `captureRejections` applies). */
const listenerRegistrations = new Set([
  'on',
  'once',
  'addListener',
  'prependListener',
  'prependOnceListener',
]);

/** Array methods whose callback is a predicate: a promise is always truthy. */
const predicateMethods = new Set([
  'filter',
  'some',
  'every',
  'find',
  'findIndex',
  'findLast',
  'findLastIndex',
]);

/**
 * `async-void-callback`: an async (or promise-returning) function passed where the callback's declared return type
 * is `void`: `forEach`, emitter `.on`, `addEventListener`, `setTimeout`, JSX `onClick`. The caller drops the promise,
 * so nothing waits for it and a rejection is unhandled. Also: `array.map(async …)` whose result is dropped, and
 * async predicates (`filter(async …)` keeps every item: a promise is truthy). Callbacks that cannot reject are
 * reported only with `{ strict: true }`.
 *
 * @example
 * ```ts
 * users.forEach(async (user) => { await save(user); }); // flagged
 * ```
 */
export default defineRule<AsyncVoidCallbackOptions, MessageId>({
  meta: {
    id: 'async-void-callback',
    description:
      'Reports async functions passed where a void callback is expected (`forEach`, `.on`, `setTimeout`, `onClick`).',
    defaultSeverity: 'error',
    requiresTypes: true,
    recommended: true,
    fixable: false,
    hasSuggestions: true,
    messages: {
      voidCallback:
        'This async function is passed as {{target}}, whose return value is ignored: nothing awaits it and a ' +
        'rejection ({{reason}}) is unhandled. Use `for…of` with `await`, `map(items, fn)`, or wrap the body in ' +
        '`background(…)` from @awaitwise/core.',
      voidCallbackSafe:
        'This async function is passed as {{target}}, whose return value is ignored: nothing waits for it to ' +
        'finish. It cannot reject ({{reason}}), so this is reported only with `strict`.',
      voidCallbackScript:
        'This async function is passed as {{target}}, whose return value is ignored: a rejection ({{reason}}) is ' +
        'unhandled and ends this command-line script with the error (Node 15 and later). Reported with `strict` ' +
        'only: catch it inside the callback to decide what a failure does.',
      voidCallbackUndone:
        'This async function is passed as {{target}}, whose return value is ignored, and a rejection ({{reason}}) ' +
        'leaves its work half done: {{dependent}}. {{where}} the failure is only logged. Catch it inside the ' +
        'callback (or reset in a `finally`) to decide what a failure does.',
      voidCallbackLogged:
        'This async function is passed as {{target}}, whose return value is ignored: a rejection ({{reason}}) is ' +
        'unhandled, but {{where}} it is only logged, and nothing after its awaits is skipped by a failure. ' +
        'Reported with `strict` only: catch it inside the callback to decide what a failure does.',
      unwaitedLoop:
        'This async `{{method}}` callback awaits, but `{{method}}` does not wait for it: the code after the loop runs ' +
        'before the work is done. Use `for…of` with `await`, or `map(items, fn)` from @awaitwise/core.',
      droppedMap:
        'The promises this async `{{method}}` callback returns are dropped: nothing awaits them and a rejection ' +
        '({{reason}}) is unhandled. Await `Promise.all(…)` of the result, or use `map(items, fn)` from ' +
        '@awaitwise/core.',
      asyncPredicate:
        'This async predicate of `{{method}}` returns a promise, which is always truthy: the result ignores what ' +
        'it resolves to. Resolve the values first, then filter synchronously.',
    },
  },
  defaultOptions: defaults,
  validateOptions: (raw) => validateBooleanOptions('async-void-callback', raw, defaults),
  create(context) {
    const { sourceFile } = context;
    // A type test (`*.test-d.ts`, tsd, expect-type) is compiled, never run.
    if (isTypeTestFile(sourceFile)) return {};
    const globalCapture = /\.captureRejections\s*=\s*true/.test(sourceFile.text);
    // In a command-line script, a timer's or listener's rejection ends the script with the error (Node 15 and
    // later), as its `main()` would: the script's way to fail, not a defect at default severity.
    const script = isCommandLineScript(sourceFile);

    const testFile = isTestFile(sourceFile.fileName, context.program.getCurrentDirectory());
    const testCode = (node: ts.Node): boolean => testFile || isInTestBody(node);

    let logs: string | null | undefined;
    /** Where an unhandled rejection is only logged: "in UI code", "in an Electron app", or undefined. */
    const logsRejections = (): string | undefined => {
      logs ??= isUiModule(sourceFile)
        ? 'in UI code'
        : runsInElectron(sourceFile, context.files)
          ? 'in an Electron app'
          : null;
      return logs ?? undefined;
    };

    /**
     * What a failure of `fn` leaves half done (see `workLeftUndone`): in `fn`, or in a function of the program whose
     * call `fn` returns or awaits (`(e) => handleSubmit(e)`, where `handleSubmit` resets its loading flag after its
     * await), followed two calls deep.
     */
    const failureLeavesUndone = (
      fn: ts.FunctionLikeDeclaration,
      depth: number,
    ): DependentWork | undefined => {
      const checker = context.getTypeChecker();
      const own = workLeftUndone(fn, checker);
      if (own !== undefined || depth >= 2 || fn.body === undefined) return own;
      const analysis = getRejectionAnalysis(checker);
      const handedOn: ts.CallExpression[] = [];
      const take = (value: ts.Expression | undefined): void => {
        const inner = value === undefined ? undefined : skipOuter(value);
        if (inner !== undefined && ts.isCallExpression(inner)) handedOn.push(inner);
      };
      if (!ts.isBlock(fn.body)) take(fn.body);
      else {
        forEachInFunction(fn.body, (node) => {
          if (ts.isReturnStatement(node)) take(node.expression);
          if (ts.isAwaitExpression(node)) take(node.expression);
          return undefined;
        });
      }
      for (const call of handedOn) {
        const callee = analysis.referencedFunction(call.expression);
        const deeper =
          callee === undefined || callee === fn ? undefined : failureLeavesUndone(callee, depth + 1);
        if (deeper !== undefined) return deeper;
      }
      return undefined;
    };

    const report = (
      node: ts.Expression | ts.MethodDeclaration,
      fnVerdict: RejectVerdict,
      target: string,
      suggestions: readonly Suggestion[],
      fn: ts.FunctionLikeDeclaration | undefined,
    ): void => {
      if (!fnVerdict.canReject && !context.options.strict) return;
      const endsScript =
        fnVerdict.canReject &&
        script &&
        (isEventSlot(node) || isCompletionCallback(context.getTypeChecker(), node));
      if (endsScript && !context.options.strict) return;
      // UI code and Electron log the rejection and go on: the defect is the work a failure skips. Not in tests,
      // where a callback nothing waits for lets the test end before its assertions run.
      const where =
        fnVerdict.canReject && !endsScript && fn !== undefined && !testCode(node)
          ? logsRejections()
          : undefined;
      const undone = where === undefined || fn === undefined ? undefined : failureLeavesUndone(fn, 0);
      const logged = undone === undefined ? where : undefined;
      if (logged !== undefined && !context.options.strict) return;
      const range = headRange(node, sourceFile);
      context.report({
        ...range,
        messageId: !fnVerdict.canReject
          ? 'voidCallbackSafe'
          : endsScript
            ? 'voidCallbackScript'
            : logged !== undefined
              ? 'voidCallbackLogged'
              : undone !== undefined
                ? 'voidCallbackUndone'
                : 'voidCallback',
        data: {
          target,
          reason: fnVerdict.reason,
          where: logged ?? (where === undefined ? '' : where.charAt(0).toUpperCase() + where.slice(1)),
          dependent: undone?.reason ?? '',
        },
        suggestions,
      });
    };

    const checkFunction = (fn: ts.ArrowFunction | ts.FunctionExpression): void => {
      if (isGenerator(fn)) return;
      const async = isAsyncFunction(fn);
      // Cheap syntax first: a non-async function can only return a promise from a `return` or a concise body.
      if (!async && !mayReturnValue(fn)) return;
      if (isPromiseExecutor(fn)) return;
      const checker = context.getTypeChecker();
      // Every report below needs the function to return a thenable; without a return type annotation, it returns
      // the union of what its `return`s give, so when none of them can be a thenable, it cannot either.
      if (
        !async &&
        fn.type === undefined &&
        !returnedValues(fn).some((value) => isThenableValue(checker, value))
      )
        return;
      const promiseReturning = (): boolean =>
        async || returnsThenable(checker, checker.getTypeAtLocation(fn));
      const site = callSite(fn);
      const method = site === undefined ? undefined : memberName(site.call.expression);
      if (site !== undefined && method !== undefined) {
        const dropped =
          (method === 'map' || method === 'flatMap') &&
          ts.isExpressionStatement(skipOuterUp(site.call).parent);
        if (
          (predicateMethods.has(method) || dropped) &&
          isArrayReceiver(checker, site.call) &&
          promiseReturning()
        ) {
          if (!dropped) {
            context.report({ ...headRange(fn, sourceFile), messageId: 'asyncPredicate', data: { method } });
            return;
          }
          const verdict = getRejectionAnalysis(checker).functionCanReject(fn);
          if (!verdict.canReject && !context.options.strict) return;
          context.report({
            ...headRange(fn, sourceFile),
            messageId: 'droppedMap',
            data: { method, reason: verdict.reason },
          });
          return;
        }
      }
      // A direct argument's contextual type is the callee's parameter type: skip the call's resolution when no
      // signature of the callee can take a callback there.
      if (site !== undefined && fn.parent === site.call && !cheapSlotCheckExcluded(site)) {
        if (!mayBeCallbackSlot(checker, site.call, site.index)) return;
      }
      const slot = checker.getContextualType(fn);
      if (!expectsVoidCallback(checker, slot) && !isEventTargetListener(checker, site)) return;
      // Express route handlers: express-async-route reports them, knowing the Express major version.
      if (isExpressHandlerSlot(slot)) return;
      if (!promiseReturning()) return;
      if (site !== undefined && waitsForFinallyCallback(checker, site.call, site.index)) return;
      // mocha's `it(name, () => promise)`: the checker picks the `Func` overload (declared first, returning void),
      // but the `AsyncFunc` overload takes the promise and the runner awaits it.
      if (site !== undefined && overloadAcceptsThenableCallback(checker, site.call, site.index)) return;
      if (site !== undefined && capturesRejections(checker, site.call, globalCapture)) return;
      const verdict = getRejectionAnalysis(checker).functionCanReject(fn);
      // `items.forEach(async (item) => { …; await pause(); })`: whether or not it can reject, the loop does not wait
      // for the work it starts, and the code after it runs first.
      if (
        !verdict.canReject &&
        method === 'forEach' &&
        site !== undefined &&
        isArrayReceiver(checker, site.call) &&
        ownAwaits(fn).length > 0
      ) {
        context.report({ ...headRange(fn, sourceFile), messageId: 'unwaitedLoop', data: { method } });
        return;
      }
      report(fn, verdict, describeTarget(fn), backgroundSuggestion(fn), fn);
    };

    const checkMethod = (method: ts.MethodDeclaration): void => {
      const parent = method.parent as ts.Node | undefined;
      if (parent === undefined || !ts.isObjectLiteralExpression(parent)) return;
      if (isGenerator(method) || method.body === undefined) return;
      const checker = context.getTypeChecker();
      if (!isAsyncFunction(method) && !returnsThenable(checker, checker.getTypeAtLocation(method))) return;
      if (!expectsVoidCallback(checker, contextualTypeOfMethod(checker, method))) return;
      const verdict = getRejectionAnalysis(checker).functionCanReject(method);
      report(method, verdict, `the \`${method.name.getText(sourceFile)}\` method`, [], method);
    };

    const checkReference = (argument: ts.Expression): void => {
      const inner = skipOuter(argument);
      if (ts.isArrowFunction(inner) || ts.isFunctionExpression(inner)) return;
      const bound = ts.isCallExpression(inner) && memberName(inner.expression) === 'bind';
      if (!ts.isIdentifier(inner) && !ts.isPropertyAccessExpression(inner) && !bound) return;
      const checker = context.getTypeChecker();
      // What the argument was declared as, when that says it is no function (`options: FindOptions`).
      if (referenceNeverCallable(checker, inner)) return;
      const site = callSite(argument);
      // The slot first when it is cheap (see checkFunction): most arguments are not given to callback parameters.
      if (site !== undefined && argument.parent === site.call && !cheapSlotCheckExcluded(site)) {
        if (!mayBeCallbackSlot(checker, site.call, site.index)) return;
      }
      if (!referenceReturnsThenable(checker, inner)) return;
      const slot = checker.getContextualType(argument);
      if (!expectsVoidCallback(checker, slot) && !isEventTargetListener(checker, site)) return;
      if (isExpressHandlerSlot(slot)) return;
      if (site !== undefined && waitsForFinallyCallback(checker, site.call, site.index)) return;
      if (site !== undefined && capturesRejections(checker, site.call, globalCapture)) return;
      if (site !== undefined && overloadAcceptsThenableCallback(checker, site.call, site.index)) return;
      const analysis = getRejectionAnalysis(checker);
      const fn = analysis.referencedFunction(inner);
      const contract = fn === undefined ? analysis.libraryContract(inner) : undefined;
      const verdict: RejectVerdict =
        contract !== undefined
          ? { canReject: false, reason: `it never rejects: ${contract.says}` }
          : fn === undefined
            ? {
                canReject: true,
                reason: `\`${dottedName(inner) ?? 'the function'}\` is code the analyzer cannot see into`,
              }
            : analysis.functionCanReject(fn);
      report(argument, verdict, describeTarget(argument), [], fn);
    };

    const backgroundSuggestion = (fn: ts.ArrowFunction | ts.FunctionExpression): Suggestion[] => {
      if (!ts.isArrowFunction(fn) || !isAsyncFunction(fn) || !canImport(sourceFile)) return [];
      const imports = importEdit(sourceFile, 'background', '@awaitwise/core');
      if (imports === undefined) return []; // the file has a `background` of its own
      const typeParameters =
        fn.typeParameters === undefined
          ? ''
          : `<${fn.typeParameters.map((t) => t.getText(sourceFile)).join(', ')}>`;
      const parameters = fn.parameters.map((p) => p.getText(sourceFile)).join(', ');
      const returnType = fn.type === undefined ? '' : `: ${fn.type.getText(sourceFile)}`;
      const text = `${typeParameters}(${parameters}) => background(async ()${returnType} => ${fn.body.getText(sourceFile)})`;
      return [
        {
          description: 'Run the body with `background()` from @awaitwise/core, which reports its failure',
          edits: [...imports, { start: fn.getStart(sourceFile), end: fn.getEnd(), text }],
        },
      ];
    };

    const checkArguments = (call: ts.CallExpression | ts.NewExpression): void => {
      for (const argument of call.arguments ?? []) checkReference(argument);
    };

    return {
      [ts.SyntaxKind.ArrowFunction]: (node) => {
        checkFunction(node);
      },
      [ts.SyntaxKind.FunctionExpression]: (node) => {
        checkFunction(node);
      },
      [ts.SyntaxKind.CallExpression]: checkArguments,
      [ts.SyntaxKind.NewExpression]: checkArguments,
      [ts.SyntaxKind.MethodDeclaration]: (node) => {
        checkMethod(node);
      },
      [ts.SyntaxKind.PropertyAssignment]: (node) => {
        checkReference(node.initializer);
      },
      [ts.SyntaxKind.JsxAttribute]: (node) => {
        const initializer = node.initializer;
        if (
          initializer !== undefined &&
          ts.isJsxExpression(initializer) &&
          initializer.expression !== undefined
        ) {
          checkReference(initializer.expression);
        }
      },
    };
  },
});

/** Timer functions whose callback runs later, when nothing can wait for it. */
const timerFunctions = new Set(['setTimeout', 'setInterval', 'setImmediate']);

/**
 * True when a callback is given to a timer (`setInterval(fn, ms)`) or an event registration (`.on`, `.once`,
 * `addEventListener`): nobody could wait for it whatever it returned; only its rejection matters.
 */
function isEventSlot(node: ts.Node): boolean {
  const site = callSite(node);
  if (site === undefined) return false;
  const name = dottedName(site.call.expression);
  if (
    name !== undefined &&
    (timerFunctions.has(name) || timerFunctions.has(name.replace(/^(globalThis|window)\./, '')))
  )
    return site.index === 0;
  const method = memberName(site.call.expression);
  return method !== undefined && (listenerRegistrations.has(method) || method === 'addEventListener');
}

/**
 * True when `node` is given where a Node-style completion callback is expected (`fs.readdir(dir, (err, files) => …)`,
 * `server.close((err) => …)`): a function whose first parameter is an `Error` or `null`/`undefined`. The API calls it
 * once, later, from the event loop: like a timer's or a listener's, nothing could wait for what it returns.
 */
function isCompletionCallback(checker: ts.TypeChecker, node: ts.Expression | ts.MethodDeclaration): boolean {
  if (ts.isMethodDeclaration(node)) return false;
  const slot = checker.getContextualType(node);
  if (slot === undefined) return false;
  const signatures = checker.getNonNullableType(slot).getCallSignatures();
  return (
    signatures.length > 0 &&
    signatures.every((signature) => {
      const first = signature.getParameters()[0];
      if (first === undefined) return false;
      const type = checker.getTypeOfSymbol(first);
      const members = type.isUnion() ? type.types : [type];
      const nullable = members.some(
        (member) => (member.flags & (ts.TypeFlags.Null | ts.TypeFlags.Undefined)) !== 0,
      );
      const error = members.some(
        (member) =>
          checker.getPropertyOfType(member, 'message') !== undefined &&
          checker.getPropertyOfType(member, 'name') !== undefined,
      );
      return nullable && error;
    })
  );
}

/** True when a non-async function can return a value: a concise body, or a `return` with an expression. */
function mayReturnValue(fn: ts.ArrowFunction | ts.FunctionExpression): boolean {
  if (!ts.isBlock(fn.body)) return true;
  let found = false;
  forEachInFunction(fn.body, (node) => {
    if (found) return 'skip';
    if (ts.isReturnStatement(node) && node.expression !== undefined) found = true;
    return undefined;
  });
  return found;
}

/** The values a function returns: its concise body, or the expressions of its own `return` statements. */
function returnedValues(fn: ts.ArrowFunction | ts.FunctionExpression): ts.Expression[] {
  if (!ts.isBlock(fn.body)) return [fn.body];
  const values: ts.Expression[] = [];
  forEachInFunction(fn.body, (node) => {
    if (ts.isReturnStatement(node) && node.expression !== undefined) values.push(node.expression);
    return undefined;
  });
  return values;
}

/** True when `value` is a thenable: false at once when its syntax says it holds a primitive, else its type, cheaply asked. */
function isThenableValue(checker: ts.TypeChecker, value: ts.Expression): boolean {
  return !neverThenableSyntax(value) && isThenableExpression(checker, value);
}

/**
 * The second argument of `addEventListener`: `isEventTargetListener` reports it whatever its contextual type, so
 * the cheap slot check must not skip it.
 */
function cheapSlotCheckExcluded(site: {
  call: ts.CallExpression | ts.NewExpression;
  index: number;
}): boolean {
  return site.index === 1 && memberName(site.call.expression) === 'addEventListener';
}

/** The call (or `new`) that receives `node` as an argument, if any. */
function callSite(node: ts.Node): { call: ts.CallExpression | ts.NewExpression; index: number } | undefined {
  const outer = skipOuterUp(node);
  const parent = outer.parent;
  if ((ts.isCallExpression(parent) || ts.isNewExpression(parent)) && parent.arguments !== undefined) {
    const index = parent.arguments.indexOf(outer as ts.Expression);
    if (index >= 0) return { call: parent, index };
  }
  return undefined;
}

/**
 * True for the listener argument of a library `addEventListener`: the DOM types declare the listener as returning
 * `any`, but every event target ignores what a listener returns.
 */
function isEventTargetListener(
  checker: ts.TypeChecker,
  site: { call: ts.CallExpression | ts.NewExpression; index: number } | undefined,
): boolean {
  if (site === undefined || site.index !== 1 || memberName(site.call.expression) !== 'addEventListener')
    return false;
  const callee = skipOuter(site.call.expression);
  if (!ts.isPropertyAccessExpression(callee)) return false;
  const declarations = checker.getSymbolAtLocation(callee.name)?.declarations ?? [];
  return declarations.length > 0 && declarations.every((d) => d.getSourceFile().isDeclarationFile);
}

/** True when the callback slot is an Express request handler type (`RequestHandler` of `@types/express`). */
function isExpressHandlerSlot(type: ts.Type | undefined): boolean {
  if (type === undefined) return false;
  const members = type.isUnion() ? type.types : [type];
  return members.some((member) =>
    (member.aliasSymbol ?? member.getSymbol())?.declarations?.some((declaration) =>
      /[\\/]@types[\\/]express(-serve-static-core)?[\\/]/.test(declaration.getSourceFile().fileName),
    ),
  );
}

/** True for the executor of `new Promise(…)` (the `async-promise-executor` rule reports that). */
function isPromiseExecutor(fn: ts.Node): boolean {
  const site = callSite(fn);
  if (site === undefined || !ts.isNewExpression(site.call) || site.index !== 0) return false;
  const name = dottedName(site.call.expression);
  return name === 'Promise' || name === 'globalThis.Promise';
}

/** True when the call is a method call on an array (or tuple). */
/**
 * True for the callback of a promise's `.finally(callback)`: its type says `() => void`, but the promise `finally`
 * returns waits for a thenable the callback returns and rejects with its rejection (ECMAScript's
 * `thenFinally`), so `p.finally(async () => { await close(); })` leaves nothing floating.
 */
function waitsForFinallyCallback(
  checker: ts.TypeChecker,
  call: ts.CallExpression | ts.NewExpression,
  index: number,
): boolean {
  if (!ts.isCallExpression(call) || index !== 0 || memberName(call.expression) !== 'finally') return false;
  const callee = skipOuter(call.expression);
  return (
    ts.isPropertyAccessExpression(callee) &&
    isThenableType(checker, checker.getTypeAtLocation(callee.expression))
  );
}

function isArrayReceiver(checker: ts.TypeChecker, call: ts.CallExpression | ts.NewExpression): boolean {
  const callee = skipOuter(call.expression);
  if (!ts.isPropertyAccessExpression(callee)) return false;
  const type = checker.getNonNullableType(checker.getTypeAtLocation(callee.expression));
  return checker.isArrayType(type) || checker.isTupleType(type);
}

/**
 * True when a listener registered by this call goes to an emitter created with `captureRejections: true` (or when
 * the file turns it on for every emitter): such an emitter routes a listener's rejection to its `'error'` event.
 */
function capturesRejections(
  checker: ts.TypeChecker,
  call: ts.CallExpression | ts.NewExpression,
  globalCapture: boolean,
): boolean {
  const method = memberName(call.expression);
  if (method === undefined || !listenerRegistrations.has(method)) return false;
  if (globalCapture) return true;
  const callee = skipOuter(call.expression);
  if (!ts.isPropertyAccessExpression(callee)) return false;
  const receiver = skipOuter(callee.expression);
  const capture = /captureRejections\s*:\s*true/;
  const symbol = checker.getSymbolAtLocation(
    ts.isPropertyAccessExpression(receiver) ? receiver.name : receiver,
  );
  for (const declaration of symbol?.declarations ?? []) {
    if (
      (ts.isVariableDeclaration(declaration) || ts.isPropertyDeclaration(declaration)) &&
      declaration.initializer !== undefined &&
      capture.test(declaration.initializer.getText())
    ) {
      return true;
    }
  }
  const type = checker.getTypeAtLocation(receiver);
  for (const declaration of type.getSymbol()?.declarations ?? []) {
    if (ts.isClassLike(declaration) && !declaration.getSourceFile().isDeclarationFile) {
      if (capture.test(declaration.getText())) return true;
    }
  }
  return false;
}

/** The type an object literal's context gives one of its methods (`read()` of `new Readable({ … })`). */
function contextualTypeOfMethod(checker: ts.TypeChecker, method: ts.MethodDeclaration): ts.Type | undefined {
  const literal = method.parent;
  if (!ts.isObjectLiteralExpression(literal)) return undefined;
  const context = checker.getContextualType(literal);
  if (context === undefined) return undefined;
  const name = ts.isIdentifier(method.name) || ts.isStringLiteral(method.name) ? method.name.text : undefined;
  if (name === undefined) return undefined;
  const property = checker.getPropertyOfType(checker.getNonNullableType(context), name);
  return property === undefined ? undefined : checker.getTypeOfSymbolAtLocation(property, method);
}

/** "the `forEach` callback", "the `onClick` handler": what the function is given to, for messages. */
function describeTarget(node: ts.Node): string {
  const outer = skipOuterUp(node);
  const parent = outer.parent;
  if (ts.isCallExpression(parent) || ts.isNewExpression(parent)) {
    const name = memberName(parent.expression) ?? dottedName(parent.expression);
    return name === undefined ? 'a callback that returns void' : `the \`${name}\` callback`;
  }
  if (ts.isJsxExpression(parent) && ts.isJsxAttribute(parent.parent)) {
    return `the \`${parent.parent.name.getText()}\` handler`;
  }
  if (
    ts.isPropertyAssignment(parent) ||
    ts.isVariableDeclaration(parent) ||
    ts.isPropertyDeclaration(parent)
  ) {
    return `\`${parent.name.getText()}\`, typed to return void`;
  }
  return 'a function typed to return void';
}

/** The head of a function (`async (x) =>`, `async function name(…)`), or the whole reference, for the report. */
function headRange(
  node: ts.Expression | ts.MethodDeclaration,
  sourceFile: ts.SourceFile,
): { start: number; end: number } {
  const start = node.getStart(sourceFile);
  if (ts.isMethodDeclaration(node)) return { start, end: node.body?.getStart(sourceFile) ?? node.getEnd() };
  if (ts.isArrowFunction(node)) return { start, end: node.equalsGreaterThanToken.getEnd() };
  if (ts.isFunctionExpression(node)) return { start, end: node.body.getStart(sourceFile) };
  return { start, end: node.getEnd() };
}
