import { EventEmitter } from 'node:events';
import { afterEach, describe, expect, it } from 'vitest';
import { currentOperation, step, traced } from '../src/operations.js';
import { activeDoctor, startDoctor } from '../src/runtime/doctor.js';

afterEach(() => {
  activeDoctor()?.stop();
});

describe('traced, step, currentOperation', () => {
  it('names the operation inside fn, across awaits, and records steps and status', async () => {
    expect(currentOperation()).toBeUndefined();
    const seen = await traced('job', async () => {
      await Promise.resolve();
      step('halfway');
      const inner = traced('inner', () => currentOperation()?.name);
      return [currentOperation()?.name, inner];
    });
    expect(seen).toEqual(['job', 'inner']);
    expect(currentOperation()).toBeUndefined();
  });

  it('passes results and errors through unchanged', async () => {
    expect(traced('sync', () => 7)).toBe(7);
    const error = new Error('boom');
    const fail = async (): Promise<number> => {
      await Promise.resolve();
      throw error;
    };
    let caught: unknown;
    try {
      await traced('async', fail);
    } catch (thrown) {
      caught = thrown;
    }
    expect(caught).toBe(error);
    expect(() =>
      traced('throws', () => {
        throw error;
      }),
    ).toThrow(error);
  });

  it('validates its arguments', () => {
    expect(() => traced('', () => 1)).toThrow(
      new TypeError('Expected `name` to be a non-empty string, got `""` (string)'),
    );
    expect(() => traced('x', 5 as unknown as () => number)).toThrow(
      new TypeError('Expected `fn` to be a function, got `5` (number)'),
    );
    expect(() => {
      step('');
    }).toThrow(TypeError);
  });
});

describe('startDoctor', () => {
  it('reports a listener leak in this process and restores every patch on stop()', () => {
    const emitterOn = (): unknown => Reflect.get(EventEmitter.prototype, 'on');
    const globalSetTimeout = (): unknown => Reflect.get(globalThis, 'setTimeout');
    const originalOn = emitterOn();
    const originalSetTimeout = globalSetTimeout();
    const doctor = startDoctor({ blockedMs: 0, listenerThreshold: 5 });
    expect(startDoctor()).toBe(doctor);
    expect(emitterOn()).not.toBe(originalOn);
    const emitter = new EventEmitter();
    for (let i = 0; i < 8; i++) emitter.on('data', () => {});
    const report = doctor.report();
    expect(report.exit.cause).toBe('snapshot');
    // Handles vitest itself opened before the doctor started are only notes, without a creation site.
    const unattributed = report.findings.filter((finding) => finding.kind === 'live-handle');
    expect(unattributed.every((finding) => finding.severity === 'info' && finding.frames.length === 0)).toBe(
      true,
    );
    expect(
      report.findings.filter((finding) => finding.severity !== 'info').map((finding) => finding.kind),
    ).toEqual(['listener-leak']);
    expect(report.findings[0]?.data['listeners']).toBe(8);
    doctor.stop();
    expect(emitterOn()).toBe(originalOn);
    expect(globalSetTimeout()).toBe(originalSetTimeout);
    expect(activeDoctor()).toBeUndefined();
  });

  it('a snapshot names the timers still active, with their creation line', () => {
    const doctor = startDoctor({ blockedMs: 0 });
    const timer = setTimeout(() => {}, 60_000);
    const snapshot = doctor.report();
    clearTimeout(timer);
    const handles = snapshot.findings.filter(
      (finding) => finding.kind === 'live-handle' && finding.frames.length > 0,
    );
    expect(handles).toHaveLength(1);
    expect(handles[0]?.frames[0]?.file).toMatch(/api\.test\.ts$/);
    expect(doctor.report().findings.filter((finding) => finding.frames.length > 0)).toEqual([]);
  });

  it('ready() resolves once the watchdog thread is up, and at once without a watchdog', async () => {
    const doctor = startDoctor();
    await doctor.ready();
    await doctor.ready();
    doctor.stop();
    const quiet = startDoctor({ blockedMs: 0 });
    await quiet.ready();
    quiet.stop();
  });

  it('rejects bad options before patching anything', () => {
    expect(() => startDoctor({ blockedMs: 1.5 })).toThrow(TypeError);
    expect(activeDoctor()).toBeUndefined();
  });
});
