import { sep } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { AnalyzeResult, AnyRule, ResultPaths, Severity } from '@awaitwise/analyzer';
import { analyzerVersion, engineCheckIds } from '@awaitwise/analyzer';
import { getPitfall, repositoryFileUrl } from '@awaitwise/catalog';
import type { Log, Notification, ReportingDescriptor, Result } from 'sarif';
import { docsUrlOf, engineChecksDocsUrl } from './shared.js';

// Files under the working directory are relative to %SRCROOT%; others get their absolute file URL.
function artifactLocation(paths: ResultPaths): { uri: string; uriBaseId?: string } {
  return paths.file === paths.absolutePath.split(sep).join('/')
    ? { uri: pathToFileURL(paths.absolutePath).href }
    : { uri: encodeURI(paths.file), uriBaseId: '%SRCROOT%' };
}

const levels: Record<Severity, Result.level> = { error: 'error', warning: 'warning', info: 'note' };

const engineCheckText: Record<(typeof engineCheckIds)[number], string> = {
  'unused-suppression': 'An awaitwise-ignore comment that suppresses nothing.',
  'invalid-suppression': 'An awaitwise-ignore comment that names no rule or an unknown rule.',
};

/** The notification descriptor of a tsconfig note: `tool.driver.notifications[0]`. */
const tsconfigNoteDescriptor: ReportingDescriptor = {
  id: 'tsconfig-read-differently',
  shortDescription: {
    text: 'A tsconfig setting TypeScript 7 removed, checked as its nearest replacement (native engine).',
  },
  helpUri: repositoryFileUrl('packages/analyzer/README.md#engines'),
  defaultConfiguration: { level: 'note' },
};

/**
 * The project notes of a run (the tsconfig settings the native engine read differently) as SARIF tool configuration
 * notifications (SARIF 2.1.0 §3.20.22 `invocation.toolConfigurationNotifications`: conditions relevant to the tool's
 * configuration, not results), each located at its tsconfig.
 */
function tsconfigNotifications(result: AnalyzeResult): Notification[] {
  return result.notes.map((note) => ({
    descriptor: { id: tsconfigNoteDescriptor.id, index: 0 },
    level: 'note' as const,
    message: { text: note.message },
    locations: [{ physicalLocation: { artifactLocation: artifactLocation(note) } }],
  }));
}

/**
 * A SARIF 2.1.0 log (the format GitHub code scanning and most CI dashboards read): one run, the rules that ran as
 * `tool.driver.rules` with their catalog text, one result per finding with a physical location relative to
 * `%SRCROOT%` (the working directory), files that could not be checked as tool execution notifications, and the
 * tsconfig notes of the native engine as tool configuration notifications.
 */
export function formatSarif(result: AnalyzeResult, cwd: string): string {
  const rules: ReportingDescriptor[] = [];
  const index = new Map<string, number>();
  const addRule = (descriptor: ReportingDescriptor): void => {
    index.set(descriptor.id, rules.length);
    rules.push(descriptor);
  };
  const activeRules: readonly { rule: AnyRule; severity: Severity }[] = result.config.rules;
  for (const { rule, severity } of activeRules) {
    const pitfall = getPitfall(rule.meta.id);
    addRule({
      id: rule.meta.id,
      name: pitfall.title,
      shortDescription: { text: rule.meta.description },
      fullDescription: { text: pitfall.why },
      help: { text: pitfall.fix, markdown: `${pitfall.fix}\n\n[Docs](${pitfall.docsUrl})` },
      helpUri: pitfall.docsUrl,
      defaultConfiguration: { level: levels[severity] },
      properties: { requiresTypes: rule.meta.requiresTypes, tags: ['async', 'correctness'] },
    });
  }
  for (const id of engineCheckIds) {
    addRule({
      id,
      shortDescription: { text: engineCheckText[id] },
      helpUri: engineChecksDocsUrl,
      defaultConfiguration: { level: 'warning' },
    });
  }
  const results: Result[] = result.findings.map((finding) => {
    const ruleIndex = index.get(finding.ruleId);
    return {
      ruleId: finding.ruleId,
      ...(ruleIndex === undefined ? {} : { ruleIndex }),
      level: levels[finding.severity],
      message: { text: finding.message },
      locations: [
        {
          physicalLocation: {
            artifactLocation: artifactLocation(finding),
            region: {
              startLine: finding.line,
              startColumn: finding.column,
              endLine: finding.endLine,
              endColumn: finding.endColumn,
              charOffset: finding.start,
              charLength: finding.end - finding.start,
            },
          },
        },
      ],
      properties: { docsUrl: docsUrlOf(finding.ruleId) },
    };
  });
  const log: Log = {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'awaitwise',
            version: analyzerVersion,
            informationUri: 'https://github.com/awaitwise/awaitwise',
            rules,
            notifications: [tsconfigNoteDescriptor],
          },
        },
        originalUriBaseIds: { '%SRCROOT%': { uri: `${pathToFileURL(cwd).href}/` } },
        invocations: [
          {
            executionSuccessful: result.fileErrors.length === 0,
            toolExecutionNotifications: result.fileErrors.map((error) => ({
              level: 'error' as const,
              message: {
                text: `${error.ruleId === undefined ? '' : `[${error.ruleId}] `}${error.message.split('\n')[0] ?? ''}`,
              },
              locations: [
                {
                  physicalLocation: {
                    artifactLocation: artifactLocation(error),
                    ...(error.line === undefined
                      ? {}
                      : { region: { startLine: error.line, startColumn: error.column ?? 1 } }),
                  },
                },
              ],
            })),
            toolConfigurationNotifications: tsconfigNotifications(result),
          },
        ],
        results,
      },
    ],
  };
  return `${JSON.stringify(log, null, 2)}\n`;
}
