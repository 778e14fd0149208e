import { EventEmitter, getEventListeners } from 'node:events';
import { clock, currentOperation } from '../operations.js';
import { captureSite, siteFrames, stackKey, visibleFrames, type CapturedSite } from '../stack.js';
import type { Finding, OperationRef, StackFrame } from '../types.js';

interface Growth {
  readonly targetName: string;
  readonly event: string;
  readonly firstSeenMs: number;
  peak: number;
  adds: number;
  readonly samples: { site: CapturedSite; operation: OperationRef | undefined }[];
  /** Weak: a leak report never keeps an emitter alive. */
  readonly target: WeakRef<object>;
}

type AddListener = (this: object, event: unknown, listener: unknown, options?: unknown) => unknown;

/** What `EventEmitter#on` leaves behind: the listeners of each event, a function while there is one, then an array. */
interface EmitterInternals {
  readonly _events?: Record<
    string | symbol,
    ((...args: never[]) => unknown) | readonly unknown[] | undefined
  >;
}

const maxSamples = 8;
const maxTracked = 500;

function eventName(event: unknown): string {
  return typeof event === 'symbol' ? event.toString() : String(event);
}

function targetName(target: object): string {
  const name = (target as { constructor?: { name?: unknown } }).constructor?.name;
  return typeof name === 'string' && name !== '' ? name : 'Object';
}

/**
 * `listener-leak`: wraps `EventEmitter.prototype.on/addListener/prependListener` and
 * `EventTarget.prototype.addEventListener`. Each add costs one read of the event's list; only once an event's count reaches the
 * threshold does it start keeping (a few, sampled) adding stacks. An event is reported when its count is at its peak
 * at report time, i.e. it only grew.
 */
export class ListenerTracker {
  readonly #threshold: number;
  readonly #growth = new WeakMap<object, Map<string, Growth>>();
  readonly #all: Growth[] = [];
  readonly #restore: (() => void)[] = [];

  constructor(threshold: number) {
    this.#threshold = threshold;
  }

  install(): void {
    const threshold = this.#threshold;
    const grew = (target: object, event: unknown, count: number, below: (...args: never[]) => unknown) => {
      this.#grew(target, event, count, below);
    };
    const emitterPrototype = EventEmitter.prototype as unknown as Record<string, AddListener>;
    for (const name of ['addListener', 'on', 'prependListener'] as const) {
      const original = emitterPrototype[name];
      if (original === undefined) continue;
      // Node's own emitters add listeners on every request (a socket's `close`, a response's `finish`), so this runs
      // many times per request: a plain call (no argument array) and one read of the list the original just wrote
      // (`_events[event]`: the listener itself while there is one, an array from the second on), not `listenerCount`.
      const observed = function (this: EmitterInternals, event: unknown, listener: unknown): unknown {
        const result = original.call(this, event, listener);
        const listeners = this._events?.[event as string | symbol];
        // The threshold is at least 2 (see `resolveOptions`), so a lone listener (a function) never reaches it.
        if (typeof listeners === 'object' && listeners.length >= threshold) {
          grew(this, event, listeners.length, observed);
        }
        return result;
      };
      emitterPrototype[name] = observed;
      this.#restore.push(() => {
        emitterPrototype[name] = original;
      });
    }
    if (typeof EventTarget !== 'undefined') {
      const targetPrototype = EventTarget.prototype as unknown as Record<string, AddListener>;
      const original = targetPrototype['addEventListener'];
      if (original !== undefined) {
        const counts = new WeakMap<object, Map<string, number>>();
        const observed = function (
          this: object,
          type: unknown,
          listener: unknown,
          options?: unknown,
        ): unknown {
          const result = Reflect.apply(original, this, [type, listener, options]);
          // A cheap running count; the exact one is read only once it passes the threshold.
          let perType = counts.get(this);
          if (perType === undefined) counts.set(this, (perType = new Map<string, number>()));
          const key = eventName(type);
          const approximate = (perType.get(key) ?? 0) + 1;
          perType.set(key, approximate);
          if (approximate >= threshold) {
            const exact = getEventListeners(this as EventTarget, key).length;
            perType.set(key, exact);
            if (exact >= threshold) grew(this, type, exact, observed);
          }
          return result;
        };
        targetPrototype['addEventListener'] = observed;
        this.#restore.push(() => {
          targetPrototype['addEventListener'] = original;
        });
      }
    }
  }

  uninstall(): void {
    for (const restore of this.#restore.splice(0).reverse()) restore();
  }

  #grew(target: object, event: unknown, count: number, below: (...args: never[]) => unknown): void {
    const key = eventName(event);
    let perEvent = this.#growth.get(target);
    if (perEvent === undefined) this.#growth.set(target, (perEvent = new Map<string, Growth>()));
    let growth = perEvent.get(key);
    if (growth === undefined) {
      if (this.#all.length >= maxTracked) return;
      growth = {
        targetName: targetName(target),
        event: key,
        firstSeenMs: clock(),
        peak: count,
        adds: 0,
        samples: [],
        target: new WeakRef(target),
      };
      perEvent.set(key, growth);
      this.#all.push(growth);
    }
    growth.adds += 1;
    growth.peak = Math.max(growth.peak, count);
    // Sampled: the first few adds past the threshold, then one in 16.
    if (growth.samples.length < maxSamples && (growth.adds <= maxSamples / 2 || growth.adds % 16 === 0)) {
      growth.samples.push({ site: captureSite(below), operation: currentOperation() });
    }
  }

  #currentCount(growth: Growth): number | undefined {
    const target = growth.target.deref();
    if (target === undefined) return undefined;
    if (target instanceof EventEmitter) return target.listenerCount(growth.event);
    if (typeof EventTarget !== 'undefined' && target instanceof EventTarget) {
      return getEventListeners(target, growth.event).length;
    }
    return undefined;
  }

  findings(): Finding[] {
    const findings: Finding[] = [];
    for (const growth of this.#all) {
      const current = this.#currentCount(growth);
      // Collected, or shrank below its peak: listeners are being removed, so it is not an ever-growing leak.
      if (current === undefined || current < growth.peak || current < this.#threshold) continue;
      const bySite = new Map<
        string,
        { frames: StackFrame[]; count: number; operation: OperationRef | undefined }
      >();
      for (const sample of growth.samples) {
        const frames = visibleFrames(siteFrames(sample.site));
        const key = stackKey(frames);
        const entry = bySite.get(key);
        if (entry === undefined) bySite.set(key, { frames, count: 1, operation: sample.operation });
        else entry.count += 1;
      }
      const sites = [...bySite.values()].sort((a, b) => b.count - a.count);
      const [top, ...rest] = sites;
      findings.push({
        kind: 'listener-leak',
        pitfall: 'listener-leak',
        severity: 'warning',
        message: `${growth.targetName} has ${current} '${growth.event}' listeners and the count only grew`,
        frames: top?.frames ?? [],
        related: rest.map((site) => ({ label: `also added at (${site.count}×)`, frames: site.frames })),
        operation: top?.operation,
        atMs: growth.firstSeenMs,
        data: { target: growth.targetName, event: growth.event, listeners: current },
      });
    }
    return findings;
  }
}
