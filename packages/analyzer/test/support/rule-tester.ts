import { expect, it } from 'vitest';
import type { AnyRule } from '../../src/rule.js';
import { allRules } from '../../src/rules/index.js';
import { runRuleCase, type ReportedFinding, type RuleRun, type RuleTestSettings } from '../../src/testing.js';

/**
 * The one helper every rule test uses (in the spirit of typescript-eslint's `RuleTester`).
 *
 * Convention: a case's code marks each token the rule must report with `/*!*\/` written just before it. The markers
 * are taken out before the rule runs; their positions (in the code without markers) are the expected line and
 * column of the findings, in source order. Lines count from the case's code, after the shared `prelude`. A case
 * without markers gives `line`/`column` on each expected finding instead (e.g. findings in another file).
 *
 * - valid cases: the rule reports nothing.
 * - invalid cases: exactly the expected findings, each with its message id and, when given, its full message, the
 *   code after its fix (`fixed`, `null` for none) and after each suggestion (`suggestions`); `output` is the code
 *   after `--fix`.
 */

/** A case the rule must stay silent on. */
export interface ValidCase extends RuleTestSettings {
  /** Test name; default: the code's first line. */
  readonly name?: string;
  /** The code (no markers). */
  readonly code: string;
}

/** One finding a case expects. Unset fields are not compared (position, id and message always are when known). */
export interface ExpectedFinding {
  /** Message id; default: the case's `messageId`. */
  readonly messageId?: string;
  /** The full message, or a pattern it must match; default: the case's `message`. */
  readonly message?: string | RegExp;
  /** Line in the case's code, when the code has no markers. */
  readonly line?: number | undefined;
  /** Column, when the code has no markers. */
  readonly column?: number | undefined;
  /** The case's code after this finding's fix; `null`: the finding has no fix. */
  readonly fixed?: string | null;
  /** The case's code after each suggestion, in order (`[]`: none). */
  readonly suggestions?: readonly string[];
}

/** A case the rule must report on. */
export interface InvalidCase extends ValidCase {
  /** Message id of every finding that does not name its own. */
  readonly messageId?: string;
  /** Message of every finding that does not give its own. */
  readonly message?: string | RegExp;
  /** The expected findings in order; default: one per marker. */
  readonly errors?: readonly ExpectedFinding[];
  /** The case's code after `--fix`. */
  readonly output?: string;
}

type Projected = Partial<Record<keyof ReportedFinding, unknown>>;

/** A rule under test with the settings its cases share. */
export class RuleTester {
  /** The rule. */
  readonly rule: AnyRule;
  readonly #defaults: RuleTestSettings;

  constructor(rule: AnyRule, defaults: RuleTestSettings = {}) {
    this.rule = rule;
    this.#defaults = defaults;
  }

  /** The text put before every case's code. */
  get prelude(): string {
    return this.#defaults.prelude ?? '';
  }

  /** Runs the rule on one case (markers taken out) and returns what it reported. */
  run(code: string, settings: RuleTestSettings = {}): RuleRun {
    return runRuleCase(this.rule, code, this.#settings(settings));
  }

  /** The findings on one case. */
  findings(code: string, settings: RuleTestSettings = {}): readonly ReportedFinding[] {
    return this.run(code, settings).findings;
  }

  /** Asserts the rule reports nothing on a case. */
  expectValid(testCase: ValidCase | string): void {
    const { code, ...settings } = typeof testCase === 'string' ? { code: testCase } : testCase;
    const found = this.findings(code, settings).map(
      (f) => `${f.line}:${f.column} ${f.messageId}: ${f.message}`,
    );
    expect(found, code).toEqual([]);
  }

  /** Asserts the rule reports exactly what an invalid case expects; returns the run for further checks. */
  expectInvalid(testCase: InvalidCase): RuleRun {
    const { code, name: _name, messageId, message, errors, output, ...settings } = testCase;
    const run = this.run(code, settings);
    const wanted: readonly ExpectedFinding[] = errors ?? run.positions.map(() => ({}));
    if (run.positions.length > 0 && run.positions.length !== wanted.length)
      throw new Error(`The case has ${run.positions.length} markers and ${wanted.length} expected findings.`);
    if (wanted.length === 0)
      throw new Error('An invalid case expects at least one finding: mark it with /*!*/.');
    const expected = wanted.map((error, index): Projected => {
      const position = run.positions[index] ?? { line: error.line, column: error.column };
      if (position.line === undefined || position.column === undefined)
        throw new Error('An expected finding needs a marker or a line and a column.');
      const out: Projected = { line: position.line, column: position.column };
      const id = error.messageId ?? messageId;
      if (id !== undefined) out.messageId = id;
      const text = error.message ?? message;
      if (text !== undefined) out.message = typeof text === 'string' ? text : expect.stringMatching(text);
      if (error.fixed !== undefined) out.fixed = error.fixed ?? undefined;
      if (error.suggestions !== undefined) out.suggestions = error.suggestions;
      return out;
    });
    const actual = run.findings.map((finding, index): Projected => {
      const keys = Object.keys(expected[index] ?? { line: 0, column: 0, messageId: '', message: '' });
      return Object.fromEntries(keys.map((key) => [key, finding[key as keyof ReportedFinding]]));
    });
    expect(actual, code).toEqual(expected);
    if (output !== undefined) expect(run.output).toBe(output);
    return run;
  }

  /** Asserts the rule reports `messageId` exactly at the markers of `code`; returns the run for further checks. */
  flags(code: string, messageId: string, settings: RuleTestSettings = {}): RuleRun {
    return this.expectInvalid({ ...settings, code, messageId });
  }

  /**
   * The findings on every file of a small project (name → text, no markers), each with the name of its file: for
   * rules whose findings depend on several modules.
   */
  projectFindings(
    files: Readonly<Record<string, string>>,
    settings: RuleTestSettings = {},
  ): (ReportedFinding & { readonly file: string })[] {
    return Object.entries(files).flatMap(([file, code]) => {
      const others = Object.fromEntries(Object.entries(files).filter(([name]) => name !== file));
      const run = this.run(code, { ...settings, fileName: file, prelude: '', suffix: '', files: others });
      return run.findings.map((finding) => ({ file, ...finding }));
    });
  }

  /** Registers one test per case: valid cases must be clean, invalid ones must report what they expect. */
  cases(cases: {
    readonly valid?: readonly (ValidCase | string)[];
    readonly invalid?: readonly InvalidCase[];
  }): void {
    for (const testCase of cases.valid ?? []) {
      const name = typeof testCase === 'string' ? undefined : testCase.name;
      const code = typeof testCase === 'string' ? testCase : testCase.code;
      it(`valid: ${name ?? firstLine(code)}`, () => {
        this.expectValid(testCase);
      });
    }
    for (const testCase of cases.invalid ?? [])
      it(`invalid: ${testCase.name ?? firstLine(testCase.code)}`, () => {
        this.expectInvalid(testCase);
      });
  }

  #settings(settings: RuleTestSettings): RuleTestSettings {
    const options =
      this.#defaults.options || settings.options
        ? { ...this.#defaults.options, ...settings.options }
        : undefined;
    return { ...this.#defaults, ...settings, ...(options === undefined ? {} : { options }) };
  }
}

function firstLine(code: string): string {
  return (code.trim().split('\n')[0] ?? '').replaceAll('/*!*/', '').slice(0, 80);
}

/**
 * The tester of the registered rule `id` (rules are reached through the registry, so a rule can move from a file to
 * a folder without touching its tests).
 */
export function ruleTester(id: string, defaults: RuleTestSettings = {}): RuleTester {
  const rule = allRules.find((candidate) => candidate.meta.id === id);
  if (rule === undefined) throw new Error(`No registered rule ${id}.`);
  return new RuleTester(rule, defaults);
}
