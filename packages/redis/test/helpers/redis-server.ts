/**
 * Starts real `redis-server` processes for the tests: on a free loopback port, in a temp dir, without persistence;
 * and kills, stops, restarts and pauses them. Under CI (`CI=true`) a missing `redis-server` fails the run; elsewhere
 * the Redis tests are skipped with a loud message.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe } from 'vitest';

const found = spawnSync('redis-server', ['--version'], { stdio: 'ignore' }).status === 0;
if (!found) {
  const message =
    'redis-server was not found on PATH: the @awaitwise/redis tests need it. Install it with ' +
    '`bash scripts/setup-system.sh` (Debian package redis-server).';
  if (process.env.CI === 'true') throw new Error(`${message} Failing because CI=true.`);
  console.warn(`\n\n!!! SKIPPING the Redis tests: ${message}\n\n`);
}

/** `describe` when redis-server is installed, `describe.skip` otherwise (never under CI: see above). */
export const describeRedis = found ? describe : describe.skip;

/** A free TCP port on 127.0.0.1. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => {
        if (typeof address === 'object' && address !== null) resolve(address.port);
        else reject(new Error('no port'));
      });
    });
  });
}

/** Every server still running, killed when this process exits so none outlives a crashed or interrupted run. */
const running = new Set<ChildProcess>();
process.once('exit', () => {
  for (const child of running) child.kill('SIGKILL');
});

/** One `redis-server` process owned by a test. */
export class RedisServer {
  readonly port: number;
  readonly dir: string;
  #process: ChildProcess | undefined;

  private constructor(port: number, dir: string) {
    this.port = port;
    this.dir = dir;
  }

  /** Starts a server on a free loopback port in a fresh temp dir. */
  static async start(): Promise<RedisServer> {
    const server = new RedisServer(await freePort(), mkdtempSync(join(tmpdir(), 'aw-redis-')));
    await server.#spawn();
    return server;
  }

  /** `redis://127.0.0.1:<port>` */
  get url(): string {
    return `redis://127.0.0.1:${this.port}`;
  }

  /** True while the process runs. */
  get running(): boolean {
    return this.#process !== undefined;
  }

  /** The process id (for SIGSTOP/SIGCONT). */
  get pid(): number | undefined {
    return this.#process?.pid;
  }

  async #spawn(): Promise<void> {
    const child = spawn(
      'redis-server',
      [
        '--port',
        String(this.port),
        '--bind',
        '127.0.0.1',
        '--save',
        '',
        '--appendonly',
        'no',
        '--dir',
        this.dir,
        '--daemonize',
        'no',
        '--loglevel',
        'warning',
        '--protected-mode',
        'yes',
      ],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    this.#process = child;
    running.add(child);
    child.once('exit', () => {
      running.delete(child);
      if (this.#process === child) this.#process = undefined;
    });
    child.stdout.resume();
    child.stderr.resume();
    await waitForPort(this.port, child);
  }

  /** Kills the server at once (`SIGKILL`): every key is lost, no persistence. */
  async kill(): Promise<void> {
    await this.#stop('SIGKILL');
  }

  /** Stops the server (`SIGTERM`). */
  async stop(): Promise<void> {
    await this.#stop('SIGTERM');
  }

  /** Starts the server again on the same port (empty). */
  async restart(): Promise<void> {
    if (this.#process !== undefined) await this.kill();
    await this.#spawn();
  }

  /** Stops the server and removes its temp dir. */
  async dispose(): Promise<void> {
    await this.kill();
    rmSync(this.dir, { recursive: true, force: true });
  }

  async #stop(signal: NodeJS.Signals): Promise<void> {
    const child = this.#process;
    if (child === undefined) return;
    const exited = new Promise<void>((resolve) =>
      child.once('exit', () => {
        resolve();
      }),
    );
    child.kill(signal);
    await exited;
  }
}

async function waitForPort(port: number, child: ChildProcess): Promise<void> {
  const { connect } = await import('node:net');
  for (let i = 0; i < 200; i++) {
    if (child.exitCode !== null) throw new Error(`redis-server exited with code ${child.exitCode}`);
    const ok = await new Promise<boolean>((resolve) => {
      const socket = connect(port, '127.0.0.1');
      socket.once('connect', () => {
        socket.end();
        resolve(true);
      });
      socket.once('error', () => {
        resolve(false);
      });
    });
    if (ok) return;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  throw new Error(`redis-server did not open port ${port}`);
}
