import ts from '../typescript.cjs';
import type {
  AnyRule,
  FileReader,
  Finding,
  NodeVisitor,
  ReportDescriptor,
  RuleListener,
  Severity,
} from '../rule.js';

/** A rule switched on for a run, with its effective severity and validated options. */
export interface ActiveRule {
  /** The rule. */
  readonly rule: AnyRule;
  /** Effective severity. */
  readonly severity: Severity;
  /** Validated options (the rule's defaults merged with the user's). */
  readonly options: object;
}

/** Inputs of {@link runRulesOnFile}. */
export interface RunRulesInput {
  /** The program that holds `sourceFile`. */
  readonly program: ts.Program;
  /** The file to check. */
  readonly sourceFile: ts.SourceFile;
  /** The rules to run on it. */
  readonly rules: readonly ActiveRule[];
  /** Reads package.json and similar files; defaults to `ts.sys`. */
  readonly files?: FileReader;
  /** Returns the type checker; defaults to `program.getTypeChecker()`, called only when a rule asks. */
  readonly getTypeChecker?: () => ts.TypeChecker;
  /**
   * Called when a rule throws while it checks the file. The rule is then switched off for the rest of the file and
   * the other rules go on. Without it, the error propagates (the ESLint plugin lets ESLint report it).
   */
  readonly onRuleError?: (rule: AnyRule, error: unknown) => void;
}

const systemFiles: FileReader = {
  readFile: (path) => ts.sys.readFile(path),
  fileExists: (path) => ts.sys.fileExists(path),
};

/** Fills `{{name}}` placeholders of a message template. Unknown placeholders are left as they are. */
export function formatMessage(
  template: string,
  data: Readonly<Record<string, string | number>> | undefined,
): string {
  if (data === undefined) return template;
  return template.replace(/\{\{\s*(\w+)\s*\}\}/g, (whole, name: string) => {
    const value = data[name];
    return value === undefined ? whole : String(value);
  });
}

/**
 * Runs rules over one file in a single walk of its syntax tree and returns their findings in source order.
 * The type checker is created only when a rule asks for it. Shared by the CLI engine and the ESLint plugin.
 */
export function runRulesOnFile(input: RunRulesInput): Finding[] {
  const { program, sourceFile } = input;
  const files = input.files ?? systemFiles;
  let checker: ts.TypeChecker | undefined;
  const getTypeChecker = (): ts.TypeChecker => {
    checker ??= input.getTypeChecker?.() ?? program.getTypeChecker();
    return checker;
  };

  const findings: Finding[] = [];
  const findingsByRule = new Map<AnyRule, Finding[]>();
  const visitors = new Map<number, NodeVisitor[]>();
  const endHandlers: (() => void)[] = [];
  const onRuleError = input.onRuleError;
  const failed = new Set<AnyRule>();
  // Runs a rule's callback; with an error handler, a throwing rule is reported once and silenced for this file.
  const guard = <A extends unknown[]>(rule: AnyRule, fn: (...args: A) => void): ((...args: A) => void) => {
    if (onRuleError === undefined) return fn;
    return (...args: A) => {
      if (failed.has(rule)) return;
      try {
        fn(...args);
      } catch (error) {
        failed.add(rule);
        onRuleError(rule, error);
      }
    };
  };

  for (const active of input.rules) {
    const { rule, severity, options } = active;
    const ruleFindings: Finding[] = [];
    const report = (descriptor: ReportDescriptor): void => {
      ruleFindings.push(toFinding(sourceFile, rule, severity, descriptor));
    };
    findingsByRule.set(rule, ruleFindings);
    let listener: RuleListener = {};
    guard(rule, () => {
      listener = rule.create({ sourceFile, program, getTypeChecker, options, files, report });
    })();
    // Each visitor takes the node type of its kind; the engine calls it only with nodes of that kind.
    const entries = Object.entries(listener) as [string, NodeVisitor | (() => void)][];
    for (const [key, visitor] of entries) {
      if (key === 'onEnd') {
        endHandlers.push(guard(rule, visitor as () => void));
        continue;
      }
      const kind = Number(key);
      let list = visitors.get(kind);
      if (list === undefined) visitors.set(kind, (list = []));
      list.push(guard(rule, visitor));
    }
  }

  if (visitors.size > 0) {
    const walk = (node: ts.Node): void => {
      const list = visitors.get(node.kind);
      if (list !== undefined) for (const visit of list) visit(node);
      ts.forEachChild(node, walk);
    };
    walk(sourceFile);
  }
  for (const onEnd of endHandlers) onEnd();

  // A rule that failed on this file reports nothing for it: its partial findings could be wrong.
  for (const [rule, ruleFindings] of findingsByRule) if (!failed.has(rule)) findings.push(...ruleFindings);
  return findings.sort((a, b) => a.start - b.start || a.ruleId.localeCompare(b.ruleId));
}

function toFinding(
  sourceFile: ts.SourceFile,
  rule: AnyRule,
  severity: Severity,
  descriptor: ReportDescriptor,
): Finding {
  const start = descriptor.start ?? descriptor.node?.getStart(sourceFile) ?? 0;
  const end = descriptor.end ?? descriptor.node?.getEnd() ?? start;
  const template = (rule.meta.messages as Record<string, string | undefined>)[descriptor.messageId];
  if (template === undefined) {
    throw new TypeError(`Rule \`${rule.meta.id}\` reported unknown message id \`${descriptor.messageId}\`.`);
  }
  return {
    ruleId: rule.meta.id,
    severity,
    ...findingSpan(sourceFile, start, end),
    messageId: descriptor.messageId,
    message: formatMessage(template, descriptor.data),
    suggestions: descriptor.suggestions ?? [],
    fix: descriptor.fix,
  };
}

/** Where a finding stands: the file, its `start`..`end` offsets and the 1-based lines and columns of both ends. */
export type FindingSpan = Pick<
  Finding,
  'file' | 'start' | 'end' | 'line' | 'column' | 'endLine' | 'endColumn'
>;

/**
 * The position fields of a finding that spans `start`..`end` of `sourceFile`: what rule findings and the engine's
 * own findings (invalid suppressions) share.
 *
 * @example
 * ```ts
 * const finding = { ruleId, severity, ...findingSpan(sourceFile, node.getStart(), node.getEnd()), messageId, message };
 * ```
 */
export function findingSpan(sourceFile: ts.SourceFile, start: number, end: number): FindingSpan {
  const from = sourceFile.getLineAndCharacterOfPosition(start);
  const to = sourceFile.getLineAndCharacterOfPosition(end);
  return {
    file: sourceFile.fileName,
    start,
    end,
    line: from.line + 1,
    column: from.character + 1,
    endLine: to.line + 1,
    endColumn: to.character + 1,
  };
}
