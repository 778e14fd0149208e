import fc from 'fast-check';
import { expect } from 'vitest';
import type { Permit } from '../src/index.js';

/*
 * The delivery-order model of the Semaphore: grants are decided synchronously in FIFO order (a weighted head blocks
 * lighter waiters behind it), and every caller must resume in the order of its grant, whatever the microtask turn at
 * which permits are released and acquired. A run is a list of steps; between steps nothing runs unless the step is
 * `turns` (exactly that many microtask turns), so a release followed by an acquire happen in the same synchronous
 * stretch, with earlier grants still being delivered by promise reactions.
 */

/** What the model needs of a semaphore (the shipped class, or a build of an older one). */
export interface DeliverySemaphore {
  readonly available: number;
  readonly waiting: number;
  acquire(options?: { weight?: number; signal?: AbortSignal | undefined }): Promise<Permit>;
}

export type DeliveryStep =
  /** Weight 1 without a signal is a plain waiter; anything else has a promise of its own. */
  | { kind: 'acquire'; weight: number; cancellable: boolean }
  | { kind: 'abort'; pick: number }
  /** Releases one delivered permit, without waiting for anything first. */
  | { kind: 'release'; pick: number }
  /** Releases every delivered permit at once: one stretch can then grant several waiters whose turns have not run. */
  | { kind: 'releaseAll' }
  /** Lets exactly `count` microtask turns run (0: none). */
  | { kind: 'turns'; count: number };

export interface DeliveryScenario {
  permits: number;
  steps: DeliveryStep[];
}

const acquireStep = (permits: number): fc.Arbitrary<DeliveryStep> =>
  fc.record({
    kind: fc.constant('acquire' as const),
    weight: fc.oneof(fc.constant(1), fc.integer({ min: 1, max: permits })),
    cancellable: fc.boolean(),
  });

const releaseStep: fc.Arbitrary<DeliveryStep> = fc.oneof(
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('release' as const), pick: fc.nat() }) },
  { weight: 1, arbitrary: fc.constant({ kind: 'releaseAll' as const }) },
);

const turnsStep: fc.Arbitrary<DeliveryStep> = fc.record({
  kind: fc.constant('turns' as const),
  count: fc.oneof(fc.constant(1), fc.integer({ min: 0, max: 4 })),
});

/**
 * A stretch of the run, biased toward where ordering defects hide: a release (or all of them) followed in the same
 * synchronous stretch by acquires of every kind, and sometimes by another release that grants them at once, then a
 * few microtask turns or none; a queue built up first, so that releases grant waiters whose turns have not run yet;
 * and single steps of every kind.
 */
const stretch = (permits: number): fc.Arbitrary<DeliveryStep[]> =>
  fc.oneof(
    {
      weight: 4,
      arbitrary: fc
        .tuple(
          releaseStep,
          fc.array(acquireStep(permits), { minLength: 1, maxLength: 3 }),
          fc.option(releaseStep, { nil: undefined }),
          fc.option(turnsStep, { nil: undefined }),
        )
        .map(([release, acquires, releaseAfter, turns]) => [
          release,
          ...acquires,
          ...(releaseAfter === undefined ? [] : [releaseAfter]),
          ...(turns === undefined ? [] : [turns]),
        ]),
    },
    {
      weight: 2,
      arbitrary: fc
        .tuple(fc.array(acquireStep(permits), { minLength: 1, maxLength: permits + 2 }), fc.nat({ max: 3 }))
        .map(([acquires, turns]) => [...acquires, { kind: 'turns' as const, count: Math.min(turns, 1) }]),
    },
    { weight: 3, arbitrary: acquireStep(permits).map((step) => [step]) },
    { weight: 2, arbitrary: releaseStep.map((step) => [step]) },
    {
      weight: 1,
      arbitrary: fc.record({ kind: fc.constant('abort' as const), pick: fc.nat() }).map((step) => [step]),
    },
    { weight: 2, arbitrary: turnsStep.map((step) => [step]) },
  );

/** Runs of 1 to 5 permits (3 or more half the time: enough for one release to grant several waiters). */
export const deliveryScenario: fc.Arbitrary<DeliveryScenario> = fc
  .oneof(fc.integer({ min: 1, max: 5 }), fc.integer({ min: 3, max: 5 }))
  .chain((permits) =>
    fc.record({
      permits: fc.constant(permits),
      steps: fc.array(stretch(permits), { maxLength: 60 }).map((stretches) => stretches.flat()),
    }),
  );

/** A waiter as the model sees it: its place in the order of acquires, its weight, the controller that can abort it. */
export interface ModelWaiter {
  id: number;
  weight: number;
  controller: AbortController | undefined;
}

/**
 * The FIFO model the Semaphore's property tests play beside it: the permits available, the queue, and the order in
 * which callers must be granted (a weighted head blocks lighter waiters behind it).
 */
export class FifoPermitModel {
  available: number;
  queue: ModelWaiter[] = [];
  /** Ids of the acquires in the order they were granted (a `tryAcquire` is not an acquire and is not listed). */
  readonly expectedGrants: number[] = [];

  constructor(permits: number) {
    this.available = permits;
  }

  /** An acquire: granted at once when nobody waits and its weight fits, queued otherwise. */
  acquire(waiter: ModelWaiter): void {
    if (this.queue.length === 0 && this.available >= waiter.weight) {
      this.available -= waiter.weight;
      this.expectedGrants.push(waiter.id);
    } else this.queue.push(waiter);
  }

  /** A `tryAcquire`: whether it gets the permits, which it then holds. */
  tryAcquire(weight: number): boolean {
    if (this.queue.length > 0 || this.available < weight) return false;
    this.available -= weight;
    return true;
  }

  /** A queued waiter leaving early (its signal aborted), which may let the waiters behind it through. */
  remove(target: ModelWaiter): void {
    this.queue = this.queue.filter((waiter) => waiter !== target);
    this.#grant();
  }

  /** Permits coming back, which grant the queue's head for as long as its weight fits. */
  release(weight: number): void {
    this.available += weight;
    this.#grant();
  }

  #grant(): void {
    while (this.queue[0] !== undefined && this.queue[0].weight <= this.available) {
      const waiter = this.queue.shift() as ModelWaiter;
      this.available -= waiter.weight;
      this.expectedGrants.push(waiter.id);
    }
  }
}

/** Rounds of {@link SETTLE_TURNS} microtask turns the end of a run waits for its last callers, at most. */
const SETTLE_ROUNDS = 1_000;
const SETTLE_TURNS = 8;

/**
 * Plays `scenario` on a new semaphore and on the model, step by step, and checks that the counts agree after every
 * step, that every caller resumed or was rejected, exactly in the model's grant order, and that every permit came
 * back.
 */
export async function checkDelivery(
  create: (permits: number) => DeliverySemaphore,
  { permits, steps }: DeliveryScenario,
): Promise<void> {
  const semaphore = create(permits);
  const model = new FifoPermitModel(permits);
  const grants: number[] = [];
  // Permits held, in the order they were delivered (or taken at once).
  const holding: Permit[] = [];
  let nextId = 0;
  // Callers not resumed nor rejected yet.
  const unsettled = new Set<number>();
  const release = (permit: Permit): void => {
    permit.release();
    model.release(permit.weight);
  };
  for (const step of steps) {
    if (step.kind === 'acquire') {
      const id = nextId++;
      const controller = step.cancellable ? new AbortController() : undefined;
      const promise =
        controller === undefined && step.weight === 1
          ? semaphore.acquire()
          : semaphore.acquire({ weight: step.weight, signal: controller?.signal });
      unsettled.add(id);
      promise.then(
        (permit) => {
          unsettled.delete(id);
          grants.push(id);
          holding.push(permit);
        },
        () => unsettled.delete(id),
      );
      model.acquire({ id, weight: step.weight, controller });
    } else if (step.kind === 'abort') {
      const cancellable = model.queue.filter((waiter) => waiter.controller !== undefined);
      const target = cancellable[step.pick % Math.max(1, cancellable.length)];
      if (target !== undefined) {
        target.controller?.abort();
        model.remove(target);
      }
    } else if (step.kind === 'release') {
      const permit = holding.splice(step.pick % Math.max(1, holding.length), 1)[0];
      if (permit !== undefined) release(permit);
    } else if (step.kind === 'releaseAll') {
      for (const permit of holding.splice(0)) release(permit);
    } else {
      // Awaited here, not in a helper: awaiting an async helper would cost a turn more than `count`.
      for (let turn = 0; turn < step.count; turn++) await Promise.resolve();
    }
    expect(semaphore.available).toBe(model.available);
    expect(semaphore.waiting).toBe(model.queue.length);
  }
  // Every caller must resume or be rejected: release what is held until none is left waiting, in a bounded number of
  // rounds, so that a caller the semaphore lost fails the run here instead of merely holding nothing.
  for (let round = 0; round < SETTLE_ROUNDS; round++) {
    for (let turn = 0; turn < SETTLE_TURNS; turn++) await Promise.resolve();
    if (holding.length === 0 && unsettled.size === 0) break;
    for (const permit of holding.splice(0)) release(permit);
  }
  expect([...unsettled], 'callers never resumed nor rejected').toEqual([]);
  expect(model.queue).toEqual([]);
  expect(grants).toEqual(model.expectedGrants);
  expect(semaphore.available).toBe(permits);
  expect(semaphore.waiting).toBe(0);
}

/**
 * The exhaustive runs: every run of at most {@link SMALL_SCOPE_LENGTH} steps over this alphabet, each after
 * {@link smallScopeSetup} (one holder of every permit, delivered), so that the first release already has something to
 * hand over, or after {@link turnstileSetup}.
 */
export const smallScopeSteps = (permits: number): DeliveryStep[] => [
  { kind: 'acquire', weight: 1, cancellable: false },
  { kind: 'acquire', weight: 1, cancellable: true },
  { kind: 'acquire', weight: permits, cancellable: false },
  { kind: 'abort', pick: 0 },
  { kind: 'release', pick: 0 },
  { kind: 'releaseAll' },
  { kind: 'turns', count: 1 },
];

export const SMALL_SCOPE_LENGTH = 4;

export const smallScopeSetup = (permits: number): DeliveryStep[] => [
  { kind: 'acquire', weight: permits, cancellable: false },
  { kind: 'turns', count: 1 },
];

/**
 * The second start of the exhaustive runs: a plain turn reaching the turnstile. One holder per permit, delivered; two
 * plain waiters; a release that grants the first; one microtask turn, in which the second one's turn runs ungranted
 * and hands the turnstile to the engine, which calls it a turn later: the runs start inside that window.
 */
export const turnstileSetup = (permits: number): DeliveryStep[] => [
  ...Array.from({ length: permits }, (): DeliveryStep => ({
    kind: 'acquire',
    weight: 1,
    cancellable: false,
  })),
  { kind: 'turns', count: 1 },
  { kind: 'acquire', weight: 1, cancellable: false },
  { kind: 'acquire', weight: 1, cancellable: false },
  { kind: 'release', pick: 0 },
  { kind: 'turns', count: 1 },
];

/** Every run of 1 to `length` steps over `alphabet`, shortest first. */
export function* allRuns<T>(alphabet: readonly T[], length: number): Generator<T[]> {
  for (let size = 1; size <= length; size++) {
    const digits = new Array<number>(size).fill(0);
    for (;;) {
      yield digits.map((digit) => alphabet[digit] as T);
      let at = size - 1;
      while (at >= 0 && digits[at] === alphabet.length - 1) digits[at--] = 0;
      if (at < 0) break;
      digits[at] = (digits[at] as number) + 1;
    }
  }
}
