import { describe, expect, it } from 'vitest';
import { cooperative, yieldToEventLoop } from '../src/cooperative.js';

/** Spins the CPU until `ms` of real time have passed, so a timer scheduled before is due. */
function busy(ms: number): void {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    // burn
  }
}

describe('yieldToEventLoop', () => {
  it('lets a due timer run (microtask "yields" do not)', async () => {
    let fired = false;
    setTimeout(() => {
      fired = true;
    }, 0);
    busy(5);
    for (let i = 0; i < 1_000; i++) await Promise.resolve();
    expect(fired).toBe(false); // the classic fake yield starves timers
    await yieldToEventLoop();
    expect(fired).toBe(true);
  });

  it('lets a due timer run whatever phase it is called from (from inside a timer callback)', async () => {
    const order: string[] = [];
    await new Promise<void>((resolve) => {
      setTimeout(() => {
        setTimeout(() => order.push('timer'), 0);
        busy(5);
        void yieldToEventLoop().then(() => {
          order.push('after yield');
          resolve();
        });
      }, 0);
    });
    expect(order).toEqual(['timer', 'after yield']);
  });

  it('lets pending I/O callbacks run', async () => {
    let immediateRan = false;
    setImmediate(() => {
      immediateRan = true;
    });
    await yieldToEventLoop();
    expect(immediateRan).toBe(true);
  });
});

describe('cooperative', () => {
  it('yields when the time budget is spent, not every N items, and a timer fires between chunks', async () => {
    let time = 0;
    const now = (): number => time;
    const log: string[] = [];
    let timerArmed = false;
    const processed = await cooperative(
      Array.from({ length: 30 }, (_, i) => i),
      (item) => {
        if (!timerArmed) {
          timerArmed = true;
          setTimeout(() => log.push('timer'), 0);
          busy(3);
        }
        if (item === 10) {
          setTimeout(() => log.push('timer 2'), 0);
          busy(3);
        }
        log.push(String(item));
        time += item < 10 ? 1 : 5; // cheap items first, then expensive ones
      },
      { budgetMs: 10, now },
    );
    expect(processed).toBe(30);
    // cheap items: 10 of them fill the 10 ms budget; the timer runs in the first yield, after item 9
    expect(log.indexOf('timer')).toBe(log.indexOf('9') + 1);
    // expensive items (5 ms each): the budget is spent after 2 items, so the next timer runs after item 11
    expect(log.indexOf('timer 2')).toBe(log.indexOf('11') + 1);
    expect(log.filter((entry) => !entry.startsWith('timer'))).toEqual(
      Array.from({ length: 30 }, (_, i) => String(i)),
    );
  });

  it('does not yield while within budget (a due timer stays queued)', async () => {
    let fired = false;
    setTimeout(() => {
      fired = true;
    }, 0);
    busy(5);
    let time = 0;
    await cooperative(
      Array.from({ length: 100 }, (_, i) => i),
      () => undefined,
      {
        budgetMs: 1_000,
        now: () => time++,
      },
    );
    expect(fired).toBe(false);
    await yieldToEventLoop();
    expect(fired).toBe(true);
  });

  it('runs a synchronous fn over a plain iterable without a microtask hop per item', async () => {
    const seen: number[] = [];
    const done = cooperative([1, 2, 3], (n) => {
      seen.push(n);
    });
    expect(seen).toEqual([1, 2, 3]); // processed before the first await, within the budget
    await expect(done).resolves.toBe(3);
  });

  it('awaits an async fn before the next item and passes the index', async () => {
    const seen: string[] = [];
    await cooperative(['a', 'b'], async (item, index) => {
      await Promise.resolve();
      seen.push(`${index}:${item}`);
    });
    expect(seen).toEqual(['0:a', '1:b']);
  });

  it('accepts async iterables', async () => {
    async function* source(): AsyncGenerator<number> {
      yield 1;
      yield 2;
    }
    let sum = 0;
    await cooperative(source(), (n) => {
      sum += n;
    });
    expect(sum).toBe(3);
  });

  it('stops with the signal reason between items', async () => {
    const controller = new AbortController();
    const seen: number[] = [];
    await expect(
      cooperative(
        [1, 2, 3],
        (n) => {
          seen.push(n);
          if (n === 2) controller.abort(new Error('cancelled'));
        },
        { signal: controller.signal },
      ),
    ).rejects.toThrow('cancelled');
    expect(seen).toEqual([1, 2]);
  });

  it('validates its arguments', async () => {
    await expect(cooperative(5 as unknown as number[], () => undefined)).rejects.toThrow(
      'Expected `items` to be an iterable, got `5` (number)',
    );
    await expect(cooperative([], () => undefined, { budgetMs: -1 })).rejects.toThrow(/Expected `budgetMs`/);
  });
});
