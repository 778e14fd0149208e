import { allRules, type AnyRule } from '@awaitwise/analyzer';
import { pitfalls } from '@awaitwise/catalog';
import { createColors } from '../colors.js';
import { useColor, type CliIo } from '../io.js';
import { UsageProblem } from '../usage.js';

/**
 * `awaitwise rules [--json]`: the whole catalog, marking which pitfalls have a rule, its severity, whether it needs
 * types and whether `--fix` rewrites its findings (`true`, `'partly'` or `false`).
 */
export function rulesCommand(
  argv: readonly string[],
  io: CliIo,
  registry: readonly AnyRule[] = allRules,
): number {
  const unknown = argv.filter((arg) => arg !== '--json');
  if (unknown.length > 0) {
    throw new UsageProblem(
      `Unknown argument \`${unknown.join(' ')}\` for \`awaitwise rules\`.`,
      'Run `awaitwise rules` or `awaitwise rules --json`.',
    );
  }
  const byId = new Map(registry.map((rule) => [rule.meta.id as string, rule]));
  const rows = pitfalls.map((pitfall) => {
    const rule = byId.get(pitfall.id);
    return {
      id: pitfall.id,
      title: pitfall.title,
      rule: rule !== undefined,
      severity: rule?.meta.defaultSeverity ?? null,
      recommended: rule?.meta.recommended ?? false,
      requiresTypes: rule?.meta.requiresTypes ?? false,
      fixable: rule?.meta.fixable ?? false,
      doctor: pitfall.doctor !== undefined,
      docsUrl: pitfall.docsUrl,
    };
  });
  if (argv.includes('--json')) {
    io.stdout.write(`${JSON.stringify(rows, null, 2)}\n`);
    return 0;
  }
  const colors = createColors(useColor(io.stdout, io.env));
  const width = Math.max(...rows.map((row) => row.id.length));
  const lines = [colors.bold(`${'id'.padEnd(width)}  rule  severity  types  fix     doctor  title`)];
  for (const row of rows) {
    const mark = (on: boolean): string => (on ? colors.green('yes') : colors.dim('-  '));
    const fix = row.fixable === 'partly' ? colors.yellow('partly') : `${mark(row.fixable)}   `;
    lines.push(
      `${row.id.padEnd(width)}  ${mark(row.rule)}   ${(row.severity ?? '-').padEnd(8)}  ${mark(row.requiresTypes)}    ${fix}  ${mark(row.doctor)}     ${row.title}`,
    );
  }
  const count = rows.filter((row) => row.rule).length;
  lines.push(
    '',
    `${count} of ${rows.length} pitfalls have an analyzer rule. fix: \`--fix\` rewrites every finding (yes) or only some` +
      ` (partly: the others need a change by hand). \`awaitwise explain <id>\` shows a pitfall's page.`,
  );
  io.stdout.write(`${lines.join('\n')}\n`);
  return 0;
}
