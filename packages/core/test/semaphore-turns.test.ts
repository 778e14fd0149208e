import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { flush, track } from '../../../test/support/async.js';
import { Semaphore, type Permit } from '../src/index.js';
import {
  allRuns,
  checkDelivery,
  deliveryScenario,
  SMALL_SCOPE_LENGTH,
  smallScopeSetup,
  smallScopeSteps,
  turnstileSetup,
} from './semaphore-delivery-model.js';

/*
 * A plain waiter's promise is a turn in a chain (made by `then` on the previous turn), delivered when its turn runs;
 * weighted and cancellable waiters have promises of their own. Grants are decided synchronously; these tests check
 * that delivery keeps the grant order even when one release grants several waiters of both kinds whose turns have
 * not run yet, and when releases come between microtask turns at any point.
 */

/** A fulfilment handler that records `name` in `order` and passes the permit on. */
const noting =
  (order: string[]) =>
  (name: string) =>
  (permit: Permit): Permit => {
    order.push(name);
    return permit;
  };

describe('Semaphore delivery order', () => {
  it('one release granting plain, cancellable and weighted waiters resumes them in FIFO order', async () => {
    const semaphore = new Semaphore(6);
    const holder = semaphore.tryAcquire({ weight: 6 }) as Permit;
    const order: string[] = [];
    const note = noting(order);
    const controller = new AbortController();
    const waiters = [
      semaphore.acquire().then(note('plain 1')),
      semaphore.acquire().then(note('plain 2')),
      semaphore.acquire({ signal: controller.signal }).then(note('cancellable')),
      semaphore.acquire().then(note('plain 3')),
      semaphore.acquire({ weight: 2 }).then(note('weighted')),
    ];
    holder.release();
    // Granted synchronously, all six slots taken at once.
    expect(semaphore.available).toBe(0);
    expect(semaphore.waiting).toBe(0);
    // Aborting after the grant changes nothing: the waiter already holds its permit.
    controller.abort();
    const permits = await Promise.all(waiters);
    expect(order).toEqual(['plain 1', 'plain 2', 'cancellable', 'plain 3', 'weighted']);
    for (const permit of permits) permit.release();
    expect(semaphore.available).toBe(6);
  });

  it('a waiter granted behind plain waiters whose turns have not run is delivered after them', async () => {
    const semaphore = new Semaphore(3);
    const holder = semaphore.tryAcquire({ weight: 3 }) as Permit;
    const order: string[] = [];
    const note = noting(order);
    const first = semaphore.acquire().then(note('first'));
    const second = semaphore.acquire().then(note('second'));
    const last = semaphore.acquire({ timeout: 60_000 }).then(note('last'));
    holder.release();
    const permits = await Promise.all([first, second, last]);
    expect(order).toEqual(['first', 'second', 'last']);
    for (const permit of permits) permit.release();
    // The chain is empty again: a new waiter starts a new one and is handed the next release in one turn.
    const next = await semaphore.acquire({ weight: 3 });
    const queued = semaphore.acquire();
    next.release();
    expect(semaphore.available).toBe(2);
    (await queued).release();
    expect(semaphore.available).toBe(3);
  });

  it('an acquire that finds a free permit while earlier grants are still being delivered resumes after them', async () => {
    // fast-check's counterexample (seed -390019494): the acquire took the free permit at once and overtook the
    // plain waiters granted by the release just before it, whose turns had not run yet.
    for (const options of [
      undefined,
      { weight: 1 },
      { timeout: 60_000 },
      { signal: new AbortController().signal },
    ]) {
      const semaphore = new Semaphore(3);
      const holder = semaphore.tryAcquire({ weight: 3 }) as Permit;
      const order: string[] = [];
      const note = noting(order);
      const first = semaphore.acquire().then(note('first'));
      await flush(1);
      const second = semaphore.acquire().then(note('second'));
      holder.release();
      expect(semaphore.available).toBe(1);
      const third = semaphore.acquire(options).then(note('third'));
      expect(semaphore.available).toBe(0);
      expect(semaphore.waiting).toBe(0);
      const permits = await Promise.all([first, second, third]);
      expect(order).toEqual(['first', 'second', 'third']);
      for (const permit of permits) permit.release();
      expect(semaphore.available).toBe(3);
    }
  });

  it('an aborted waiter between plain ones costs the plain ones nothing and leaves the counts exact', async () => {
    const semaphore = new Semaphore(1);
    const holder = await semaphore.acquire();
    const order: number[] = [];
    const plain: Promise<void>[] = [];
    const controllers: AbortController[] = [];
    for (let i = 0; i < 300; i++) {
      if (i % 3 === 1) {
        const controller = new AbortController();
        controllers.push(controller);
        semaphore.acquire({ signal: controller.signal }).catch(() => undefined);
      } else {
        plain.push(
          semaphore.acquire().then((permit) => {
            order.push(i);
            permit.release();
          }),
        );
      }
    }
    for (const controller of controllers) controller.abort();
    expect(semaphore.waiting).toBe(200);
    holder.release();
    await Promise.all(plain);
    expect(order).toEqual(Array.from({ length: 300 }, (_, i) => i).filter((i) => i % 3 !== 1));
    expect(semaphore.available).toBe(1);
    expect(semaphore.waiting).toBe(0);
  });

  // The smallest form of fast-check's counterexample (seed 705032445): the last plain turn has run ungranted and is
  // handing the turnstile to the engine (one microtask) when, in the same stretch, releases grant it and then a
  // cancellable, timed or weighted waiter queued after it. That waiter waits for the turn's delivery; the turn, the
  // last of the chain, used to count itself settled first, which restarted the plain numbering under the waiter: it
  // was never resumed nor rejected, and its permits stayed taken.
  it.each([
    { kind: 'cancellable', options: { signal: new AbortController().signal } },
    { kind: 'timed', options: { timeout: 60_000 } },
    { kind: 'weighted', options: { weight: 2 } },
  ])(
    'a $kind waiter granted right behind the last plain turn, while that turn reaches the turnstile, resumes after it',
    async ({ options }) => {
      const semaphore = new Semaphore(3);
      const holder = semaphore.tryAcquire() as Permit;
      const heavyHolder = semaphore.tryAcquire({ weight: 2 }) as Permit;
      const order: string[] = [];
      const note = noting(order);
      const firstTurn = semaphore.acquire();
      void firstTurn.then(note('first'));
      const second = semaphore.acquire().then(note('second'));
      let firstPermit: Permit | undefined;
      void firstTurn.then((permit) => (firstPermit = permit));
      holder.release();
      // The first plain waiter is delivered; the second one's turn runs, ungranted, and reaches for the turnstile.
      await Promise.resolve();
      expect(order).toEqual(['first']);
      const last = track(semaphore.acquire(options).then(note('last')));
      heavyHolder.release();
      (firstPermit as Permit).release();
      const weight = 'weight' in options ? options.weight : 1;
      expect(semaphore.available).toBe(3 - 1 - weight);
      expect(semaphore.waiting).toBe(0);
      await flush();
      expect(last.state).toBe('fulfilled');
      expect(order).toEqual(['first', 'second', 'last']);
      (await second).release();
      (last.value as Permit).release();
      expect(semaphore.available).toBe(3);
    },
  );
});

describe('Semaphore delivery order against a model', () => {
  // The old arbitrary (single steps, uniformly mixed) found the defect fixed in 8c3a524 in 2 seeds of 20 at 400 runs;
  // this one, biased toward acquires in the same stretch as a release, in 17 of 20 at 400 runs. The lost delivery
  // (seed 705032445, the regression tests above) it found in 5 seeds of 100 at 1,000 runs; with exact microtask
  // turns (`turns: 0` used to let one run) and stretches that may end with a second release, in 17 of 100.
  it('callers resume in grant order, with releases and acquires at any microtask turn', async () => {
    await fc.assert(
      fc.asyncProperty(deliveryScenario, (scenario) =>
        checkDelivery((permits) => new Semaphore(permits), scenario),
      ),
      // A fixed seed keeps CI deterministic; SEMAPHORE_SEED explores others (a loop of them before a change to the
      // delivery path). Seed 705032445 (CI, 2026-12-07) found a lost delivery, fixed since: see the regression tests
      // 'a … waiter granted right behind the last plain turn' above.
      { numRuns: 1_000, seed: Number(process.env.SEMAPHORE_SEED ?? 20_261_207) },
    );
    // 1,000 scenarios take a few seconds alone; on a loaded shared machine the default 30 s was seen to run out.
  }, 120_000);

  it('every run of up to four steps from one holder of every permit, with 1 to 3 permits', async () => {
    // Exhaustive over a small scope (7^1 + … + 7^4 runs per count of permits): finds the defect fixed in 8c3a524
    // whatever the seed, in 4 of the 8,400 runs (3 permits: two plain waiters, a release, a plain acquire).
    let runs = 0;
    for (const permits of [1, 2, 3]) {
      const setup = smallScopeSetup(permits);
      for (const steps of allRuns(smallScopeSteps(permits), SMALL_SCOPE_LENGTH)) {
        runs++;
        await checkDelivery((count) => new Semaphore(count), { permits, steps: [...setup, ...steps] });
      }
    }
    expect(runs).toBe(3 * (7 + 7 ** 2 + 7 ** 3 + 7 ** 4));
    // 8,400 short runs: about 3 s alone, more on a loaded machine; the default 30 s is too close there.
  }, 180_000);

  it('every run of up to four steps from a plain turn reaching the turnstile, with 1 to 3 permits', async () => {
    // The same small scope, started in the one-microtask window in which the lost delivery of seed 705032445 hides:
    // finds it whatever the seed, in 308 of the 8,400 runs (2 and 3 permits; the shortest: a cancellable acquire and
    // a releaseAll, in either order, which grant the plain waiter reaching the turnstile and then the cancellable one).
    let runs = 0;
    for (const permits of [1, 2, 3]) {
      const setup = turnstileSetup(permits);
      for (const steps of allRuns(smallScopeSteps(permits), SMALL_SCOPE_LENGTH)) {
        runs++;
        await checkDelivery((count) => new Semaphore(count), { permits, steps: [...setup, ...steps] });
      }
    }
    expect(runs).toBe(3 * (7 + 7 ** 2 + 7 ** 3 + 7 ** 4));
  }, 180_000);
});
