import { engineCheckIds } from '@awaitwise/analyzer';
import { getPitfall, isPitfallId, pitfallIds } from '@awaitwise/catalog';
import { readPitfallDoc } from '../docs.js';
import type { CliIo } from '../io.js';
import { UsageProblem } from '../usage.js';

const engineCheckPages: Record<(typeof engineCheckIds)[number], string> = {
  'unused-suppression': `# unused-suppression: a suppression comment that suppresses nothing

An \`// awaitwise-ignore-next-line <id>\` or \`// awaitwise-ignore-file <id>\` comment whose rule reports nothing
where it applies. The code was fixed or moved: remove the comment so that it does not hide a future finding.
Severity \`warning\` by default; set \`"rules": { "unused-suppression": "off" }\` in awaitwise.config.json to stop it.
`,
  'invalid-suppression': `# invalid-suppression: a suppression comment that names no rule or an unknown one

An \`awaitwise-ignore-*\` comment must name the rules it silences: \`// awaitwise-ignore-next-line floating-promise -- why\`.
A comment that names none, or an id that is not a rule (\`awaitwise rules\` lists them), suppresses nothing.
`,
};

/** `awaitwise explain <id>`: prints the pitfall's docs page (or its catalog entry when the page is missing). */
export function explainCommand(argv: readonly string[], io: CliIo): number {
  const [id, ...rest] = argv;
  if (id === undefined || rest.length > 0 || id.startsWith('-')) {
    throw new UsageProblem(
      '`awaitwise explain` takes exactly one pitfall id.',
      `Run \`awaitwise explain <id>\`, e.g. \`awaitwise explain floating-promise\`; \`awaitwise rules\` lists the ids.`,
    );
  }
  if ((engineCheckIds as readonly string[]).includes(id)) {
    io.stdout.write(engineCheckPages[id as (typeof engineCheckIds)[number]]);
    return 0;
  }
  if (!isPitfallId(id)) {
    throw new UsageProblem(`Unknown pitfall id \`${id}\`.`, `Known ids: ${pitfallIds.join(', ')}.`);
  }
  const page = readPitfallDoc(id);
  if (page !== undefined) {
    io.stdout.write(page.endsWith('\n') ? page : `${page}\n`);
    return 0;
  }
  const pitfall = getPitfall(id);
  io.stdout.write(
    `# ${id}: ${pitfall.title}\n\nWhy: ${pitfall.why}\n\nFix: ${pitfall.fix}\n\nDocs: ${pitfall.docsUrl}\n`,
  );
  return 0;
}
