import type { PitfallId } from '@awaitwise/catalog';
import type ts from 'typescript';

/**
 * How serious a finding is. `error` and `warning` fail `awaitwise check` by default; `info` marks likely trouble
 * that needs a person's judgement (for example `process-local-lock`).
 */
export type Severity = 'error' | 'warning' | 'info';

/** Severities from most to least serious. */
export const severities: readonly Severity[] = ['error', 'warning', 'info'];

/** A replacement of the text between two offsets of a file (`start` inclusive, `end` exclusive). */
export interface TextEdit {
  /** Offset of the first character replaced. */
  readonly start: number;
  /** Offset just past the last character replaced; equal to `start` for an insertion. */
  readonly end: number;
  /** The new text. */
  readonly text: string;
}

/** A rewrite offered to the user. Suggestions are shown; only a report's `fix` is applied by `--fix`. */
export interface Suggestion {
  /** What the rewrite does, in a few words: "Wrap the callback with `background()`". */
  readonly description: string;
  /** The edits, non-overlapping, in the same file. */
  readonly edits: readonly TextEdit[];
}

/** Static description of a rule. */
export interface RuleMeta<MessageId extends string = string> {
  /** The catalog id: also the rule's file name and its docs page name. */
  readonly id: PitfallId;
  /** One line saying what the rule reports. */
  readonly description: string;
  /** Severity when the config says nothing. */
  readonly defaultSeverity: Severity;
  /** True exactly when the rule asks the type checker (`context.getTypeChecker()`). */
  readonly requiresTypes: boolean;
  /** True when the rule is on with no config (and in the ESLint plugin's `recommended`). */
  readonly recommended: boolean;
  /**
   * Whether reports carry a `fix` that cannot change behaviour: `true` when every report does, `'partly'` when only
   * some do (the others need a change by hand, which their message describes), `false` when none does.
   */
  readonly fixable: boolean | 'partly';
  /** True when some reports carry `suggestions`. */
  readonly hasSuggestions: boolean;
  /**
   * Message templates by message id. `{{name}}` placeholders are filled from a report's `data`.
   * A message says what is wrong and what to do.
   */
  readonly messages: Readonly<Record<MessageId, string>>;
}

/** What a rule reports. Give either `node` or `start`/`end`. */
export interface ReportDescriptor<MessageId extends string = string> {
  /** The node the finding points at. */
  readonly node?: ts.Node;
  /** Start offset, when the finding is not exactly one node. */
  readonly start?: number;
  /** End offset, when the finding is not exactly one node. */
  readonly end?: number;
  /** Which message template to use. */
  readonly messageId: MessageId;
  /** Values for the template's `{{placeholders}}`. */
  readonly data?: Readonly<Record<string, string | number>>;
  /** Rewrites to show the user. */
  readonly suggestions?: readonly Suggestion[];
  /** A rewrite that cannot change behaviour; `--fix` applies it. */
  readonly fix?: readonly TextEdit[];
}

/** Reads files next to the analyzed code (for example the nearest `package.json`). */
export interface FileReader {
  /** The file's text, or undefined when it does not exist or cannot be read. */
  readFile(path: string): string | undefined;
  /** Whether the file exists. */
  fileExists(path: string): boolean;
}

/** What a rule sees while it checks one file. */
export interface RuleContext<Options, MessageId extends string = string> {
  /** The file being checked. */
  readonly sourceFile: ts.SourceFile;
  /** The whole program, for rules that look across files (the module graph). */
  readonly program: ts.Program;
  /** The type checker. Only rules whose meta says `requiresTypes: true` may call it; it is created lazily. */
  getTypeChecker(): ts.TypeChecker;
  /** The rule's options: its defaults merged with the user's. */
  readonly options: Options;
  /** Reads files on disk (package.json and the like). */
  readonly files: FileReader;
  /** Reports a finding. */
  report(descriptor: ReportDescriptor<MessageId>): void;
}

/** Called for each node of the kind it is registered under (the engine's view: any node). */
export type NodeVisitor = (node: ts.Node) => void;

/**
 * The node type of each syntax kind a rule can listen to: `[ts.SyntaxKind.CallExpression]` gives `ts.CallExpression`.
 * A kind missing here gives plain `ts.Node`; add it when a rule listens to it.
 */
export interface NodeOfKind {
  [ts.SyntaxKind.ArrowFunction]: ts.ArrowFunction;
  [ts.SyntaxKind.AwaitExpression]: ts.AwaitExpression;
  [ts.SyntaxKind.BinaryExpression]: ts.BinaryExpression;
  [ts.SyntaxKind.CallExpression]: ts.CallExpression;
  [ts.SyntaxKind.ClassDeclaration]: ts.ClassDeclaration;
  [ts.SyntaxKind.ClassExpression]: ts.ClassExpression;
  [ts.SyntaxKind.Constructor]: ts.ConstructorDeclaration;
  [ts.SyntaxKind.DoStatement]: ts.DoStatement;
  [ts.SyntaxKind.ExpressionStatement]: ts.ExpressionStatement;
  [ts.SyntaxKind.ForInStatement]: ts.ForInStatement;
  [ts.SyntaxKind.ForOfStatement]: ts.ForOfStatement;
  [ts.SyntaxKind.ForStatement]: ts.ForStatement;
  [ts.SyntaxKind.FunctionDeclaration]: ts.FunctionDeclaration;
  [ts.SyntaxKind.FunctionExpression]: ts.FunctionExpression;
  [ts.SyntaxKind.GetAccessor]: ts.GetAccessorDeclaration;
  [ts.SyntaxKind.Identifier]: ts.Identifier;
  [ts.SyntaxKind.IfStatement]: ts.IfStatement;
  [ts.SyntaxKind.JsxAttribute]: ts.JsxAttribute;
  [ts.SyntaxKind.MethodDeclaration]: ts.MethodDeclaration;
  [ts.SyntaxKind.NewExpression]: ts.NewExpression;
  [ts.SyntaxKind.PropertyAccessExpression]: ts.PropertyAccessExpression;
  [ts.SyntaxKind.PropertyAssignment]: ts.PropertyAssignment;
  [ts.SyntaxKind.PropertyDeclaration]: ts.PropertyDeclaration;
  [ts.SyntaxKind.ReturnStatement]: ts.ReturnStatement;
  [ts.SyntaxKind.SetAccessor]: ts.SetAccessorDeclaration;
  [ts.SyntaxKind.SourceFile]: ts.SourceFile;
  [ts.SyntaxKind.TryStatement]: ts.TryStatement;
  [ts.SyntaxKind.VariableDeclaration]: ts.VariableDeclaration;
  [ts.SyntaxKind.VariableStatement]: ts.VariableStatement;
  [ts.SyntaxKind.WhileStatement]: ts.WhileStatement;
}

/** The node type a visitor keyed by `Kind` receives. */
export type NodeFor<Kind extends ts.SyntaxKind> = Kind extends keyof NodeOfKind ? NodeOfKind[Kind] : ts.Node;

/**
 * What `create()` returns: visitors keyed by `ts.SyntaxKind` (called on the way down, in source order), each typed
 * by its kind (`[ts.SyntaxKind.CallExpression]: (call) => …` receives a `ts.CallExpression`), plus `onEnd` called
 * after the whole file has been visited.
 */
export type RuleListener = { readonly [Kind in ts.SyntaxKind]?: (node: NodeFor<Kind>) => void } & {
  /** Called once after every node of the file has been visited. */
  readonly onEnd?: () => void;
};

/** A rule: meta, options and the check. One rule per file under `src/rules/<id>.ts`. */
export interface Rule<Options extends object = Record<string, never>, MessageId extends string = string> {
  /** Static description. */
  readonly meta: RuleMeta<MessageId>;
  /** Options used when the config gives none. */
  readonly defaultOptions: Options;
  /**
   * Checks user-given options, returning them merged with the defaults.
   *
   * @throws TypeError naming the option, what was expected and what was received.
   */
  validateOptions?(raw: Readonly<Record<string, unknown>>): Options;
  /** Sets up the check for one file. */
  create(context: RuleContext<Options, MessageId>): RuleListener;
}

/** A rule of any option and message type, as stored in the registry. */
export type AnyRule = Rule<object>;

/**
 * Defines a rule with its types inferred. Identity at run time.
 *
 * @example
 * ```ts
 * export default defineRule({
 *   meta: { id: 'async-promise-executor', … },
 *   defaultOptions: {},
 *   create(context) {
 *     return { [ts.SyntaxKind.NewExpression]: (node) => { … } };
 *   },
 * });
 * ```
 */
export function defineRule<Options extends object, MessageId extends string>(
  rule: Rule<Options, MessageId>,
): Rule<Options, MessageId> {
  return rule;
}

/** A finding: one pitfall at one place. */
export interface Finding {
  /** The rule (pitfall) id. */
  readonly ruleId: PitfallId;
  /** Effective severity. */
  readonly severity: Severity;
  /** Absolute path of the file. */
  readonly file: string;
  /** Start offset in the file. */
  readonly start: number;
  /** End offset in the file. */
  readonly end: number;
  /** 1-based line of `start`. */
  readonly line: number;
  /** 1-based column of `start`. */
  readonly column: number;
  /** 1-based line of `end`. */
  readonly endLine: number;
  /** 1-based column of `end`. */
  readonly endColumn: number;
  /** The message id the rule used. */
  readonly messageId: string;
  /** The filled-in message: what is wrong and what to do. */
  readonly message: string;
  /** Rewrites to show. */
  readonly suggestions: readonly Suggestion[];
  /** A safe rewrite for `--fix`, when there is one. */
  readonly fix: readonly TextEdit[] | undefined;
}
