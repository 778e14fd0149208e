/**
 * What the exactness test compares: the questions the rules ask the TypeScript 6 checker on a set of files, asked
 * again of the native facade, with each answer described by what rules read (flags, names, declarations, union
 * members, signatures, property presence). Ids and object identities are not compared: they differ by design.
 */
import { readFileSync } from 'node:fs';
import ts from 'typescript';
import { allRules } from '../../../src/rules/index.js';
import { runRulesOnFile, type ActiveRule } from '../../../src/engine/run-rules.js';
import { createAnalysisProgram } from '../../../src/engine/program.js';
import { createNativeProgram } from '../../../src/engine/native/program.js';
import { findNodeBySpan } from '../../../src/engine/native/node-map.js';
import type { NativeSession } from '../../../src/engine/native/session.js';

/** A question the rules asked about a node. */
export interface NodeQuestion {
  readonly method: 'getSymbolAtLocation' | 'getTypeAtLocation' | 'getResolvedSignature' | 'getContextualType';
  readonly fileName: string;
  readonly pos: number;
  readonly end: number;
  readonly kind: ts.SyntaxKind;
}

const recorded = new Set<NodeQuestion['method']>([
  'getSymbolAtLocation',
  'getTypeAtLocation',
  'getResolvedSignature',
  'getContextualType',
]);

function activeRules(): ActiveRule[] {
  return allRules.map((rule) => ({
    rule,
    severity: rule.meta.defaultSeverity,
    options: rule.validateOptions ? rule.validateOptions({}) : { ...rule.defaultOptions },
  }));
}

/** Runs every rule on `files` with TypeScript 6 and records the node questions they ask (each once). */
export function recordQuestions(program: ts.Program, files: readonly string[]): NodeQuestion[] {
  const checker = program.getTypeChecker();
  const seen = new Set<string>();
  const questions: NodeQuestion[] = [];
  const recording = new Proxy(checker, {
    get(target, property, receiver) {
      const value: unknown = Reflect.get(target, property, receiver);
      if (typeof value !== 'function' || !recorded.has(property as NodeQuestion['method'])) return value;
      return (node: ts.Node, ...rest: unknown[]) => {
        const file = node.getSourceFile() as ts.SourceFile | undefined;
        if (file !== undefined && node.pos >= 0 && !file.isDeclarationFile) {
          const method = property as NodeQuestion['method'];
          const key = `${method}|${file.fileName}|${node.pos}|${node.end}|${node.kind}`;
          if (!seen.has(key)) {
            seen.add(key);
            questions.push({
              method,
              fileName: file.fileName,
              pos: node.pos,
              end: node.end,
              kind: node.kind,
            });
          }
        }
        return (value as (...args: unknown[]) => unknown).call(target, node, ...rest);
      };
    },
  });
  const rules = activeRules();
  for (const fileName of files) {
    const sourceFile = program.getSourceFile(fileName);
    if (sourceFile === undefined) throw new Error(`lost ${fileName}`);
    runRulesOnFile({
      program,
      sourceFile,
      rules,
      getTypeChecker: () => recording,
      onRuleError: () => undefined,
    });
  }
  return questions;
}

type Description = Record<string, unknown>;

/**
 * Where a declaration is. TypeScript 7 ships its own copies of the default libraries (other paths, other positions),
 * so a library declaration is named by its file's base name, kind and name.
 */
function declarationKey(node: ts.Node): string {
  const file = node.getSourceFile();
  const library = /[\\/]lib\.[\w.]*\.d\.ts$/.exec(file.fileName);
  if (library !== null) {
    const name = ts.getNameOfDeclaration(node as ts.Declaration);
    return `${library[0].slice(1)}:${ts.SyntaxKind[node.kind]}:${name === undefined ? '' : name.getText(file)}`;
  }
  return `${file.fileName}:${node.pos}:${node.end}:${ts.SyntaxKind[node.kind]}`;
}

/**
 * A symbol's name without the checker's id in it: a well-known symbol's property is `__@asyncIterator@<id>` in both
 * versions, with ids of their own.
 */
function symbolName(symbol: ts.Symbol): string {
  return symbol.name.replace(/^(__@\w+)@\d+$/, '$1');
}

/**
 * Symbol flags the rules read: `Transient` (set on symbols the checker makes, such as a union's property) is
 * TypeScript 6's bookkeeping, which TypeScript 7 sets on other symbols; no rule reads it.
 */
function symbolFlags(symbol: ts.Symbol): number {
  return symbol.flags & ~ts.SymbolFlags.Transient;
}

function describeSymbol(symbol: ts.Symbol | undefined, checker: ts.TypeChecker): Description | undefined {
  if (symbol === undefined) return undefined;
  const description: Description = {
    name: symbolName(symbol),
    flags: symbolFlags(symbol),
    // The order of a merged or union property's declarations follows TypeScript 7's order of union members (by type
    // id), not TypeScript 6's; the set is what is compared.
    declarations: (symbol.declarations ?? []).map(declarationKey).sort(),
    valueDeclaration:
      symbol.valueDeclaration === undefined ? undefined : declarationKey(symbol.valueDeclaration),
  };
  if (symbol.flags & ts.SymbolFlags.Alias) {
    const target = checker.getAliasedSymbol(symbol);
    description['aliased'] = { name: symbolName(target), flags: symbolFlags(target) };
  }
  return description;
}

function describeSignature(
  signature: ts.Signature | undefined,
  checker: ts.TypeChecker,
): Description | undefined {
  if (signature === undefined) return undefined;
  return {
    parameters: signature.getParameters().map((p) => p.name),
    returnFlags: checker.getReturnTypeOfSignature(signature).flags,
    declaration: signature.declaration === undefined ? undefined : declarationKey(signature.declaration),
  };
}

function shallowType(type: ts.Type): string {
  const symbol = type.getSymbol();
  return `${type.flags}:${symbol === undefined ? '' : symbolName(symbol)}`;
}

function describeType(type: ts.Type | undefined, checker: ts.TypeChecker): Description | undefined {
  if (type === undefined) return undefined;
  const objectFlags =
    (type as ts.ObjectType).objectFlags & (ts.ObjectFlags.Reference | ts.ObjectFlags.ClassOrInterface);
  return {
    flags: type.flags,
    objectFlags: type.flags & ts.TypeFlags.Object ? objectFlags : 0,
    symbol: shallowType(type).replace(/^\d+:/, '') || undefined,
    aliasSymbol: type.aliasSymbol === undefined ? undefined : symbolName(type.aliasSymbol),
    members: type.isUnionOrIntersection() ? type.types.map(shallowType).sort() : undefined,
    callSignatures: type.getCallSignatures().map((s) => describeSignature(s, checker)),
    constructSignatures: type.getConstructSignatures().length,
    then: checker.getPropertyOfType(type, 'then') !== undefined,
    apparentFlags: checker.getApparentType(type).flags,
  };
}

/** The description of one answer, from either checker. */
export function describeAnswer(
  question: NodeQuestion,
  program: ts.Program,
  checker: ts.TypeChecker,
): Description | undefined | 'node not found' {
  const file = program.getSourceFile(question.fileName);
  const node =
    file === undefined ? undefined : findNodeBySpan(file, question.pos, question.end, question.kind);
  if (node === undefined) return 'node not found';
  switch (question.method) {
    case 'getSymbolAtLocation':
      return describeSymbol(checker.getSymbolAtLocation(node), checker);
    case 'getTypeAtLocation':
      return describeType(checker.getTypeAtLocation(node), checker);
    case 'getResolvedSignature':
      return describeSignature(checker.getResolvedSignature(node as ts.CallLikeExpression), checker);
    case 'getContextualType':
      return describeType(checker.getContextualType(node as ts.Expression), checker);
  }
}

/** A question whose answers differ. */
export interface Difference {
  readonly question: string;
  /** The fields of the descriptions that differ. */
  readonly fields: readonly string[];
  readonly ts6: unknown;
  readonly native: unknown;
}

function differentFields(a: unknown, b: unknown): string[] {
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return ['(whole answer)'];
  const left = a as Record<string, unknown>;
  const right = b as Record<string, unknown>;
  const keys = new Set([...Object.keys(left), ...Object.keys(right)]);
  return [...keys].filter((key) => JSON.stringify(left[key]) !== JSON.stringify(right[key]));
}

/** Asks both engines every question the rules ask on `files` and returns the questions and the differences. */
export function compareEngines(
  session: NativeSession,
  files: readonly string[],
  options: ts.CompilerOptions,
): { questions: number; differences: Difference[] } {
  const texts = new Map(files.map((file) => [file, readFileSync(file, 'utf8')]));
  const ts6 = createAnalysisProgram({ rootNames: files, options, texts });
  const questions = recordQuestions(ts6, files);
  const project = session.openProject({ configFile: undefined, rootNames: files, options });
  try {
    const native = createNativeProgram(project, { rootNames: files, options, texts });
    const ts6Checker = ts6.getTypeChecker();
    const nativeChecker = native.getTypeChecker();
    const differences: Difference[] = [];
    for (const question of questions) {
      // `JSON.stringify(undefined)` is undefined (its typings say string).
      const expected = JSON.stringify(describeAnswer(question, ts6, ts6Checker)) as string | undefined;
      const actual = JSON.stringify(describeAnswer(question, native, nativeChecker)) as string | undefined;
      if (expected !== actual) {
        const file = question.fileName.split('/').slice(-2).join('/');
        const ts6Answer: unknown = expected === undefined ? undefined : JSON.parse(expected);
        const nativeAnswer: unknown = actual === undefined ? undefined : JSON.parse(actual);
        differences.push({
          question: `${question.method} ${ts.SyntaxKind[question.kind]} ${file}:${question.pos}-${question.end}`,
          fields: differentFields(ts6Answer, nativeAnswer),
          ts6: ts6Answer,
          native: nativeAnswer,
        });
      }
    }
    return { questions: questions.length, differences };
  } finally {
    project.close();
  }
}
