/** Where a command writes and what it knows of its environment; tests pass their own. */
export interface CliIo {
  /** Standard output. `isTTY` switches colours and the progress indicator on. */
  readonly stdout: { write(text: string): unknown; readonly isTTY?: boolean };
  /** Standard error: progress, warnings and errors. */
  readonly stderr: { write(text: string): unknown; readonly isTTY?: boolean };
  /** The working directory. */
  readonly cwd: string;
  /** Environment variables (`NO_COLOR`, `FORCE_COLOR`, `GITHUB_ACTIONS`…). */
  readonly env: Readonly<Record<string, string | undefined>>;
}

/** The process's own streams, directory and environment. */
export function processIo(): CliIo {
  return { stdout: process.stdout, stderr: process.stderr, cwd: process.cwd(), env: process.env };
}

/** Whether to colour a stream: a TTY, and no `NO_COLOR`; `FORCE_COLOR` (not `0`) forces colours on. */
export function useColor(stream: CliIo['stdout'], env: CliIo['env']): boolean {
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== '') return false;
  if (env.FORCE_COLOR !== undefined && env.FORCE_COLOR !== '') return env.FORCE_COLOR !== '0';
  return stream.isTTY === true;
}
