/**
 * Process-wide rejection handling: whether the program a file belongs to installs a `process.on('unhandledRejection',
 * …)` handler, in the file itself or in a module it imports (directly or through others). Such a program has chosen
 * what an unhandled rejection does (print it, set the exit code, exit): a promise left floating there is not the
 * crash `floating-promise` warns about. Internal to the analyzer.
 *
 * @module
 */
import ts from '../../typescript.cjs';
import { dottedName, skipOuter } from '../syntax/expressions.js';
import type { FileReader } from '../../rule.js';
import { moduleGraph } from './module-graph.js';

/** Listener registrations of `process` that install a handler. */
const registrations = new Set(['on', 'once', 'addListener', 'prependListener', 'prependOnceListener']);

/**
 * The `process.on('unhandledRejection', handler)` call in a file (anywhere: at top level or in the function that
 * starts the program), or undefined.
 *
 * @example
 * ```ts
 * rejectionHandlerIn(sourceFile); // the `process.on('unhandledRejection', (reason) => { … })` call
 * ```
 */
export function rejectionHandlerIn(file: ts.SourceFile): ts.CallExpression | undefined {
  if (!file.text.includes('unhandledRejection')) return undefined;
  let found: ts.CallExpression | undefined;
  const visit = (node: ts.Node): void => {
    if (found !== undefined) return;
    if (ts.isCallExpression(node) && isRejectionHandler(node)) {
      found = node;
      return;
    }
    ts.forEachChild(node, visit);
  };
  visit(file);
  return found;
}

function isRejectionHandler(call: ts.CallExpression): boolean {
  const callee = skipOuter(call.expression);
  if (!ts.isPropertyAccessExpression(callee) || !registrations.has(callee.name.text)) return false;
  const receiver = dottedName(callee.expression);
  if (receiver !== 'process' && receiver !== 'globalThis.process') return false;
  const [event, handler] = call.arguments;
  return (
    event !== undefined &&
    handler !== undefined &&
    ts.isStringLiteralLike(skipOuter(event)) &&
    (skipOuter(event) as ts.StringLiteralLike).text === 'unhandledRejection'
  );
}

const handlers = new WeakMap<ts.Program, Map<string, ts.CallExpression | null>>();

/**
 * The `unhandledRejection` handler the program installs from `file` or from a module `file` imports (transitively,
 * the program's own files only), or undefined. Cached per program.
 *
 * @example
 * ```ts
 * const handler = processRejectionHandler(context.program, context.files, context.sourceFile);
 * if (handler !== undefined) return; // the program decides what an unhandled rejection does
 * ```
 */
export function processRejectionHandler(
  program: ts.Program,
  files: FileReader,
  file: ts.SourceFile,
): ts.CallExpression | undefined {
  let cache = handlers.get(program);
  if (cache === undefined) {
    cache = new Map<string, ts.CallExpression | null>();
    handlers.set(program, cache);
  }
  const cached = cache.get(file.fileName);
  if (cached !== undefined) return cached ?? undefined;
  const own = rejectionHandlerIn(file);
  if (own !== undefined) {
    cache.set(file.fileName, own);
    return own;
  }
  // Only programs that mention the event anywhere need the module graph.
  const installers = program
    .getSourceFiles()
    .filter((source) => !source.isDeclarationFile && source.text.includes('unhandledRejection'));
  let result: ts.CallExpression | undefined;
  if (installers.length > 0) {
    const edges = moduleGraph(program, files).edges;
    const seen = new Set<string>([file.fileName]);
    const queue = [file.fileName];
    while (queue.length > 0 && result === undefined) {
      const current = queue.shift();
      if (current === undefined) break;
      for (const target of edges.get(current) ?? []) {
        if (seen.has(target)) continue;
        seen.add(target);
        const source = program.getSourceFile(target);
        const handler = source === undefined ? undefined : rejectionHandlerIn(source);
        if (handler !== undefined) {
          result = handler;
          break;
        }
        queue.push(target);
      }
    }
  }
  cache.set(file.fileName, result ?? null);
  return result;
}
