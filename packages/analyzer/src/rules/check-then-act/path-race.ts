/**
 * `check-then-act`, fourth detector: a path checked on the file system, an `await`, then the same path created. Two
 * concurrent calls both find the path missing; the second `mkdir` fails with `EEXIST`, the second `writeFile`
 * overwrites the file the first just made (a config, a lock file, a cached thumbnail), `copyFile`/`symlink` fail or
 * clobber. The check is an awaited call given the path (`stat`, `access`, `exists`, a helper) or a synchronous
 * existence check (`existsSync`, `statSync`, `accessSync`) with an `await` between it and the create. Creating in
 * one step leaves them alone: `mkdir(path, { recursive: true })`, a `wx` flag, `COPYFILE_EXCL`, or the loser handled
 * (a `.catch` on the create, a `try` around it).
 *
 * @module
 */
import ts from '../../typescript.cjs';
import { calleeName, normalizedText, skipOuter, skipOuterUp } from '../../analysis/syntax/expressions.js';
import type { FunctionLike } from '../../analysis/syntax/functions.js';
import { forEachInFunction, isWithin } from '../../analysis/syntax/walk.js';
import { awaitedBetween, isGuardedBy, resultNames, runsWhenMissing } from './key-race.js';

/** A create decided by an earlier check of the same path. */
export interface PathRace {
  readonly check: ts.CallExpression;
  readonly create: ts.CallExpression;
  readonly path: string;
}

const folderCreates = new Set(['mkdir', 'mkdirSync']);
/** Creates of a file or link at a path that replace or fail on what a concurrent call made there meanwhile. */
const fileCreates = new Set([
  'writeFile',
  'writeFileSync',
  'copyFile',
  'copyFileSync',
  'symlink',
  'symlinkSync',
  'link',
  'linkSync',
]);
/** Synchronous existence checks: they answer at once, so the race needs an `await` between them and the create. */
const syncChecks = new Set(['existsSync', 'statSync', 'lstatSync', 'accessSync']);
/** Awaited checks that only ask whether the path is there (`stat`, `access`, fs-extra's `pathExists`). */
const existenceCheck = /^(?:l?stat|access|exists|pathExists|\w+Exists)$/;

interface PathCheck {
  readonly call: ts.CallExpression;
  /** The `await` of the check, or the synchronous call itself. */
  readonly awaited: ts.Expression;
  readonly paths: ReadonlySet<string>;
  readonly synchronous: boolean;
}

export function pathRaces(fn: FunctionLike, sourceFile: ts.SourceFile): PathRace[] {
  const body = fn.body;
  if (body === undefined) return [];
  const checks: PathCheck[] = [];
  const awaits: ts.AwaitExpression[] = [];
  const races: PathRace[] = [];
  const pathsOf = (call: ts.CallExpression): Set<string> =>
    new Set(call.arguments.map((a) => normalizedText(a, sourceFile)));
  forEachInFunction(body, (node) => {
    if (ts.isAwaitExpression(node)) {
      awaits.push(node);
      const call = settledCall(skipOuter(node.expression));
      const name = ts.isCallExpression(call) ? (calleeName(call) ?? '') : '';
      if (
        ts.isCallExpression(call) &&
        !folderCreates.has(name) &&
        !fileCreates.has(name) &&
        call.arguments.length > 0
      ) {
        checks.push({ call, awaited: node, paths: pathsOf(call), synchronous: false });
      }
      return undefined;
    }
    if (!ts.isCallExpression(node)) return undefined;
    const name = calleeName(node) ?? '';
    if (syncChecks.has(name) && node.arguments.length > 0) {
      checks.push({ call: node, awaited: node, paths: pathsOf(node), synchronous: true });
      return undefined;
    }
    const folder = folderCreates.has(name);
    if (!folder && !fileCreates.has(name)) return undefined;
    // `copyFile(from, to)`, `symlink(target, path)`: the path made is the second
    const target = node.arguments[/^(?:copyFile|symlink|link)/.test(name) ? 1 : 0];
    // a create that fails on an existing path (`mkdir`, `symlink`) hands the loser to its `catch`; `writeFile` and
    // `copyFile` replace the file instead, so a `catch` around them handles nothing of the race
    const replaces = /^(?:writeFile|copyFile)/.test(name) && !createsExclusively(node, name);
    if (target === undefined || (!replaces && handlesFailure(node, fn))) return undefined;
    if (folder ? isRecursive(node.arguments[1]) : createsExclusively(node, name)) return undefined;
    const path = normalizedText(target, sourceFile);
    for (const check of checks) {
      if (!check.paths.has(path) || check.awaited.getEnd() > node.getStart()) continue;
      // a file is only raced where the check found it missing, by a check that asks whether it exists
      if (!folder && !check.synchronous && !existenceCheck.test(calleeName(check.call) ?? '')) continue;
      if (check.synchronous && !awaitedBetween(awaits, check.call, node)) continue;
      const read = { call: check.call, awaited: check.awaited, results: resultNames(check.awaited) };
      const decided = folder
        ? isGuardedBy(node, read, fn) || inCatchOf(node, check.awaited)
        : (isGuardedBy(node, read, fn) && runsWhenMissing(node, read, fn)) || inCatchOf(node, check.awaited);
      if (decided) {
        races.push({ check: check.call, create: node, path });
        break;
      }
    }
    return undefined;
  });
  return races;
}

/**
 * `writeFile(p, data, { flag: 'wx' })`, `writeFile(p, data, 'wx')`, `copyFile(from, to, COPYFILE_EXCL)`: the create
 * fails instead of replacing what is there, so the check is only a fast path.
 */
function createsExclusively(create: ts.CallExpression, name: string): boolean {
  if (name.startsWith('symlink') || name.startsWith('link')) return false;
  const mode = create.arguments[2];
  if (mode === undefined) return false;
  if (name.startsWith('copyFile')) return true;
  const text = skipOuter(mode).getText();
  return /['"`]\w*x\w*['"`]/.test(text) || /O_EXCL/.test(text);
}

/** `stat(p).catch(() => null)`: the call whose promise the handlers settle. */
function settledCall(expression: ts.Expression): ts.Expression {
  let node = expression;
  while (
    ts.isCallExpression(node) &&
    ts.isPropertyAccessExpression(node.expression) &&
    ['catch', 'then', 'finally'].includes(node.expression.name.text) &&
    ts.isCallExpression(skipOuter(node.expression.expression))
  ) {
    node = skipOuter(node.expression.expression);
  }
  return node;
}

/** `{ recursive: true }`: an existing folder is success. */
function isRecursive(options: ts.Expression | undefined): boolean {
  if (options === undefined) return false;
  const node = skipOuter(options);
  return (
    ts.isObjectLiteralExpression(node) &&
    node.properties.some(
      (p) =>
        (ts.isPropertyAssignment(p) || ts.isShorthandPropertyAssignment(p)) &&
        ts.isIdentifier(p.name) &&
        p.name.text === 'recursive',
    )
  );
}

/** `mkdir(p).catch(…)`, or a `try` with a `catch` around it in the same function. */
function handlesFailure(create: ts.CallExpression, fn: FunctionLike): boolean {
  const outer = skipOuterUp(create).parent;
  if (ts.isPropertyAccessExpression(outer) && (outer.name.text === 'catch' || outer.name.text === 'then'))
    return true;
  for (let current: ts.Node = create; current !== fn; current = current.parent) {
    if (
      ts.isTryStatement(current.parent) &&
      current.parent.tryBlock === current &&
      current.parent.catchClause
    ) {
      return true;
    }
  }
  return false;
}

/** `try { await stat(p) } catch { await mkdir(p) }`: the create runs when the check threw (the path is missing). */
function inCatchOf(create: ts.CallExpression, awaited: ts.Node): boolean {
  for (let current: ts.Node = create; !ts.isSourceFile(current); current = current.parent) {
    if (ts.isCatchClause(current)) {
      const statement = current.parent;
      return ts.isTryStatement(statement) && isWithin(awaited, statement.tryBlock);
    }
  }
  return false;
}
