import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import ts from '../typescript.cjs';
import type { EngineName } from './analyze-contract.js';
import type { ResolvedRule } from './config.js';
import { isNativeBinaryMissingError } from './native/errors.js';
import type { NativeBatchProgram, NativeRun } from './native-run.js';
import { createAnalysisProgram } from './program.js';
import type { AnyRule, NodeVisitor, Severity } from '../rule.js';
import { runRulesOnFile } from './run-rules.js';
import { applySuppressions, type EngineCheckId, type ReportedFinding } from './suppressions.js';

/** A file that could not be checked, or a rule that failed on it. The run goes on. */
export interface FileError {
  /** Absolute path. */
  readonly file: string;
  /**
   * `read`: cannot be read; `parse`: syntax error; `rule`: a rule threw; `project`: its tsconfig is broken;
   * `memory`: the type checker ran out of memory on it (the program's heap limit was reached).
   */
  readonly kind: 'read' | 'parse' | 'rule' | 'project' | 'memory';
  /** The rule that threw (`kind: 'rule'`). */
  readonly ruleId?: string;
  /** 1-based line of a syntax error. */
  readonly line?: number;
  /** 1-based column of a syntax error. */
  readonly column?: number;
  /** The reason. */
  readonly message: string;
}

/** One batch of files checked in one program (in this thread or in a worker). */
export interface BatchInput {
  /** Files to check (absolute). */
  readonly files: readonly string[];
  /** Their texts, already read. */
  readonly texts: ReadonlyMap<string, string>;
  /** Compiler options of the owning project. */
  readonly options: ts.CompilerOptions;
  /** The type checker that answers the rules. */
  readonly engine: EngineName;
  /** The owning tsconfig (the native engine opens it), or undefined for files no tsconfig owns. */
  readonly configFile: string | undefined;
  /** The project's declaration files (they can declare globals). */
  readonly declarations: readonly string[];
  readonly rules: readonly ResolvedRule[];
  readonly engineChecks: Readonly<Record<EngineCheckId, Severity | 'off'>>;
  /** Ids a suppression may name. */
  readonly knownIds: ReadonlySet<string>;
  /** Ids of the active rules. */
  readonly activeIds: ReadonlySet<string>;
  /** Skip type-aware rules in files without async text. */
  readonly gate: boolean;
  /** When set, milliseconds spent in each rule are added here. */
  readonly ruleTimes?: Map<string, number> | undefined;
}

/** What happened to one file of a batch. */
export interface FileOutcome {
  readonly file: string;
  /** Findings after suppressions; undefined when the file could not be checked. */
  readonly findings: readonly ReportedFinding[] | undefined;
  /** Whether a type-aware rule ran on it. */
  readonly typed: boolean;
  /** Whether a rule threw on it (its result must not be cached). */
  readonly failed: boolean;
  /** Problems met (parse error, rule failures). */
  readonly errors: readonly FileError[];
}

let gc: (() => void) | undefined;

/**
 * Runs a full garbage collection. V8 would otherwise let the heap grow across programs, each several hundred MB,
 * before collecting the dead ones; a full collection between programs costs a fraction of building the next one.
 */
export function collectGarbage(): void {
  if (gc === undefined) {
    setFlagsFromString('--expose-gc');
    gc = runInNewContext('gc') as () => void;
  }
  gc();
}

const asyncText = /\basync\b|\bawait\b|Promise|\bthen\b/;

/**
 * Builds one program for a batch of files and checks each of them, calling `onFile` as each is done: results are
 * streamed, and the program (with its syntax trees) is garbage once the batch ends. `onStart` is called before each
 * file is checked (after the program is built). With the `native` engine the program is opened in `native`'s
 * TypeScript 7 session; a project TypeScript 7 fails on is reported on each of its files (`kind: 'project'`).
 *
 * @throws NativeBinaryMissingError with the `native` engine when TypeScript 7's executable is not installed.
 */
export function checkBatch(
  input: BatchInput,
  onFile: (outcome: FileOutcome) => void,
  onStart?: (file: string) => void,
  native?: NativeRun,
): void {
  const rootNames = [...input.files, ...input.declarations];
  let opened: NativeBatchProgram | undefined;
  let program: ts.Program;
  if (input.engine === 'native') {
    if (native === undefined) throw new TypeError('checkBatch: the native engine needs a NativeRun');
    try {
      opened = native.open({
        configFile: input.configFile,
        rootNames,
        options: input.options,
        texts: input.texts,
        // the engine's batches read their texts from the disk
        textsFromDisk: true,
      });
    } catch (error) {
      if (isNativeBinaryMissingError(error)) throw error;
      const message = error instanceof Error ? error.message : String(error);
      for (const file of input.files) {
        const failure: FileError = {
          file,
          kind: 'project',
          message: `not checked: TypeScript 7 failed on its project: ${message}`,
        };
        onFile({ file, findings: undefined, typed: false, failed: true, errors: [failure] });
      }
      return;
    }
    program = opened.program;
  } else {
    program = createAnalysisProgram({ rootNames, options: input.options, texts: input.texts });
  }
  const times = input.ruleTimes;
  const rules = times === undefined ? input.rules : input.rules.map((r) => timed(r, times));
  let problem = opened?.problem;
  try {
    for (const file of input.files) {
      onStart?.(file);
      const outcome = checkOneFile(input, rules, program, file, input.texts.get(file) ?? '');
      if (problem !== undefined && input.configFile !== undefined) {
        // Said once per batch, on its first file: the project was checked, but not as its tsconfig says.
        const note: FileError = { file: input.configFile, kind: 'project', message: problem };
        onFile({ ...outcome, errors: [note, ...outcome.errors] });
        problem = undefined;
        continue;
      }
      onFile(outcome);
    }
  } finally {
    opened?.close();
  }
}

function checkOneFile(
  input: BatchInput,
  allRules: readonly ResolvedRule[],
  program: ts.Program,
  file: string,
  text: string,
): FileOutcome {
  const sourceFile = program.getSourceFile(file);
  if (sourceFile === undefined) {
    const error: FileError = { file, kind: 'read', message: 'cannot be read by the TypeScript compiler' };
    return { file, findings: undefined, typed: false, failed: false, errors: [error] };
  }
  const syntax = program.getSyntacticDiagnostics(sourceFile);
  const first = syntax[0];
  if (first !== undefined) {
    const position = sourceFile.getLineAndCharacterOfPosition(first.start);
    const more = syntax.length > 1 ? ` (and ${syntax.length - 1} more)` : '';
    const error: FileError = {
      file,
      kind: 'parse',
      line: position.line + 1,
      column: position.character + 1,
      message: `cannot be parsed: ${ts.flattenDiagnosticMessageText(first.messageText, ' ')}${more}`,
    };
    return { file, findings: undefined, typed: false, failed: false, errors: [error] };
  }
  const skipTyped = input.gate && !asyncText.test(text);
  const rules = skipTyped ? allRules.filter((r) => !r.rule.meta.requiresTypes) : allRules;
  const errors: FileError[] = [];
  const raw = runRulesOnFile({
    program,
    sourceFile,
    rules,
    onRuleError: (rule, error) => {
      const message = error instanceof Error ? (error.stack ?? error.message) : String(error);
      errors.push({ file, kind: 'rule', ruleId: rule.meta.id, message: `rule failed: ${message}` });
    },
  });
  const findings = applySuppressions({
    sourceFile,
    findings: raw,
    knownIds: input.knownIds,
    activeIds: input.activeIds,
    engineChecks: input.engineChecks,
  });
  const typed = rules.some((r) => r.rule.meta.requiresTypes);
  return { file, findings, typed, failed: errors.length > 0, errors };
}

// Wraps a rule so that the time spent in its `create`, visitors and `onEnd` is added to `times`.
function timed(active: ResolvedRule, times: Map<string, number>): ResolvedRule {
  const id = active.rule.meta.id;
  const add = (ms: number): void => {
    times.set(id, (times.get(id) ?? 0) + ms);
  };
  const measure = <A extends unknown[]>(fn: (...args: A) => void) => {
    return (...args: A): void => {
      const start = performance.now();
      try {
        fn(...args);
      } finally {
        add(performance.now() - start);
      }
    };
  };
  const rule: AnyRule = {
    ...active.rule,
    create(context) {
      const start = performance.now();
      const listener = active.rule.create(context);
      add(performance.now() - start);
      const wrapped: Record<string, NodeVisitor | (() => void)> = {};
      for (const [key, visitor] of Object.entries(listener) as [string, NodeVisitor | (() => void)][]) {
        wrapped[key] = measure(visitor);
      }
      return wrapped;
    },
  };
  return { ...active, rule };
}
