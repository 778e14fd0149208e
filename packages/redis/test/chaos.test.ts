/**
 * Mutual exclusion under failure: 4 child processes (2 on ioredis, 2 on node-redis) run thousands of critical
 * sections under one Redis lock, writing to a store in this process that checks fencing tokens, while the test kills
 * and restarts Redis, pauses all clients (`CLIENT PAUSE`), stops a holder with `SIGSTOP`, and drops every connection
 * (`CLIENT KILL`), each past the lease TTL.
 *
 * What must hold: no fencing token is ever handed out twice; two sections overlap only when the earlier holder's
 * lease was lost (its release reports it), and then the later one has the larger token, so the store rejects the
 * stale writes; every stale write comes from a lost lease.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { existsSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeRedis, RedisServer } from './helpers/redis-server.js';

const here = dirname(fileURLToPath(import.meta.url));
const WORKERS = 4;
const SECTIONS = 750;
const TTL = 400;

interface WorkerMessage {
  type: 'begin' | 'end' | 'released' | 'finished';
  request?: number;
  token?: number;
  held?: boolean;
  done?: number;
  errors?: number;
  lost?: number;
}

let server: RedisServer;
let admin: Redis;
const spawned: ChildProcess[] = [];

beforeAll(async () => {
  if (!existsSync(join(here, '../dist/index.js'))) {
    throw new Error(
      'packages/redis/dist is missing: run `npx tsc -b packages/redis` (npm test builds first).',
    );
  }
  server = await RedisServer.start();
  admin = new Redis({ port: server.port, host: '127.0.0.1', maxRetriesPerRequest: null });
  admin.on('error', () => undefined);
});

afterAll(async () => {
  for (const child of spawned) if (child.exitCode === null) child.kill('SIGKILL');
  admin.disconnect();
  await server.dispose();
});

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

describeRedis('chaos: mutual exclusion with fencing across processes', () => {
  it('never reuses a token, and overlaps only after a reported lease loss', async () => {
    const started = performance.now();
    const issued = new Set<number>();
    const duplicates: number[] = [];
    const overlaps: { earlier: number; later: number }[] = [];
    const overlapped = new Set<number>();
    const staleWrites: number[] = [];
    const released = new Map<number, boolean>();
    const open = new Set<number>();
    let maxToken = 0;
    let accepted = 0;
    let stopNextHolder: ((child: ChildProcess) => void) | undefined;
    const finished: WorkerMessage[] = [];

    const children = Array.from({ length: WORKERS }, (_, index) =>
      fork(
        join(here, 'helpers/chaos-worker.js'),
        [
          String(server.port),
          index % 2 === 0 ? 'ioredis' : 'node-redis',
          'shared',
          String(SECTIONS),
          String(TTL),
        ],
        { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] },
      ),
    );
    spawned.push(...children);
    const exits = children.map(
      (child) =>
        new Promise<void>((resolve, reject) => {
          child.on('message', (message: WorkerMessage) => {
            const token = message.token ?? 0;
            if (message.type === 'begin') {
              if (issued.has(token)) duplicates.push(token);
              issued.add(token);
              if (token < maxToken) {
                staleWrites.push(token);
              } else {
                for (const earlier of open) {
                  if (!overlapped.has(earlier)) overlaps.push({ earlier, later: token });
                  overlapped.add(earlier);
                }
                maxToken = token;
                open.add(token);
              }
              child.send({ request: message.request });
              if (stopNextHolder !== undefined) {
                const stop = stopNextHolder;
                stopNextHolder = undefined;
                stop(child);
              }
            } else if (message.type === 'end') {
              if (token < maxToken) staleWrites.push(token);
              else accepted++;
              open.delete(token);
              child.send({ request: message.request });
            } else if (message.type === 'released') {
              released.set(token, message.held === true);
            } else {
              finished.push(message);
            }
          });
          child.once('exit', (code) => {
            if (code === 0) resolve();
            else reject(new Error(`worker exited with ${code}`));
          });
        }),
    );

    // The faults, one after the other, with normal running in between.
    await sleep(1_500);
    await admin.call('CLIENT', 'PAUSE', String(TTL * 3), 'ALL'); // every client stalls past the TTL
    await sleep(TTL * 3 + 1_000);
    await new Promise<void>((resolve) => {
      stopNextHolder = (child) => {
        child.kill('SIGSTOP'); // a holder freezes mid-section, past its TTL
        setTimeout(() => {
          child.kill('SIGCONT');
          resolve();
        }, TTL * 4);
      };
    });
    await sleep(1_000);
    await admin.call('CLIENT', 'KILL', 'TYPE', 'normal', 'SKIPME', 'yes'); // every connection drops
    await admin.call('CLIENT', 'KILL', 'TYPE', 'pubsub');
    await sleep(1_000);
    await server.kill(); // Redis dies: every lease and the fence counter are gone
    await sleep(300);
    await server.restart();
    await Promise.all(exits);
    const duration = Math.round(performance.now() - started);

    const lostByRelease = [...released.values()].filter((held) => !held).length;
    const figures = {
      workers: WORKERS,
      sections: finished.reduce((sum, each) => sum + (each.done ?? 0), 0),
      acceptedSections: accepted,
      leasesLost: lostByRelease,
      sectionsOverlappedAfterLoss: overlaps.length,
      staleWritesRejected: staleWrites.length,
      lockErrorsRetried: finished.reduce((sum, each) => sum + (each.errors ?? 0), 0),
      maxToken,
      durationMs: duration,
    };
    console.log('chaos figures', JSON.stringify(figures));
    if (process.env.AW_CHAOS_FIGURES !== undefined)
      writeFileSync(process.env.AW_CHAOS_FIGURES, JSON.stringify(figures));

    expect(figures.sections).toBe(WORKERS * SECTIONS);
    expect(duplicates).toEqual([]);
    for (const { earlier, later } of overlaps) {
      expect(released.get(earlier), `section ${earlier} overlapped ${later} while its lease was held`).toBe(
        false,
      );
      expect(later).toBeGreaterThan(earlier);
    }
    for (const token of staleWrites) {
      expect(released.get(token), `stale write with token ${token} from a lease that was not lost`).toBe(
        false,
      );
    }
    // The faults were real: the SIGSTOP'd holder at least lost its lease.
    expect(lostByRelease).toBeGreaterThan(0);
  }, 120_000);
});
