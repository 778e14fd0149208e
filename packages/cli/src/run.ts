import { analyzerVersion, type AnyRule } from '@awaitwise/analyzer';
import { checkCommand } from './commands/check.js';
import { explainCommand } from './commands/explain.js';
import { rulesCommand } from './commands/rules.js';
import { processIo, type CliIo } from './io.js';
import { UsageProblem } from './usage.js';

/** Options of {@link run} for programs that embed the CLI. */
export interface RunOptions {
  /** The rules `check` and `rules` use. @default allRules */
  readonly rules?: readonly AnyRule[];
}

/** The top-level help. */
export const help = `Usage: awaitwise <command> [options]

Commands:
  check [paths...]   find async/await pitfalls (awaitwise check --help for options)
  rules              list the pitfalls, which have a rule, their severity and whether they need types
  explain <id>       print a pitfall's page: what goes wrong, why, the fix
  doctor -- <cmd>    run a program and report its async defects at run time

Options: -h, --help   -v, --version
`;

/**
 * Runs the awaitwise command line with `argv` (without `node` and the script) and returns the exit status:
 * 0 clean, 1 findings, 2 usage or config error. The \`awaitwise\` bin is a thin shell over it.
 *
 * @example
 * ```ts
 * process.exitCode = await run(['check', 'src', '--format', 'json']);
 * ```
 */
export async function run(
  argv: readonly string[],
  io: CliIo = processIo(),
  options: RunOptions = {},
): Promise<number> {
  const [command, ...rest] = argv;
  try {
    switch (command) {
      case 'check':
        return await checkCommand(rest, io, options.rules);
      case 'rules':
        return rulesCommand(rest, io, options.rules);
      case 'explain':
        return explainCommand(rest, io);
      case 'doctor': {
        const { doctorCommand } = await import('./commands/doctor.js');
        return await doctorCommand(rest, io);
      }
      case '-v':
      case '--version':
        io.stdout.write(`${analyzerVersion}\n`);
        return 0;
      case undefined:
      case '-h':
      case '--help':
      case 'help':
        io.stdout.write(help);
        return command === undefined ? 2 : 0;
      default:
        throw new UsageProblem(`Unknown command \`${command}\`.`, 'Run `awaitwise --help` for the commands.');
    }
  } catch (error) {
    if (!(error instanceof UsageProblem)) throw error;
    const what = {
      usage: 'invalid usage',
      config: 'invalid configuration',
      install: 'incomplete installation',
    }[error.kind];
    io.stderr.write(`awaitwise: ${what}\n  ${error.message}\n  Next: ${error.next}\n`);
    return 2;
  }
}
