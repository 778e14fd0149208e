import { describe, expect, it } from 'vitest';
import {
  clock,
  endOperation,
  openOperation,
  operationRecords,
  operationRef,
  step,
  traced,
} from '../src/operations.js';

describe('the operation registry', () => {
  it('keeps the last 10 000 operations in its ring: older ones are gone, newer ones intact', () => {
    const first = openOperation('GET', '/first?page=1');
    endOperation(first, 'fulfilled');
    const ids: number[] = [];
    for (let index = 0; index < 10_000; index++) ids.push(openOperation('GET', `/users/${index}`));
    expect(operationRef(first, clock())).toBeUndefined();
    const records = operationRecords();
    expect(records).toHaveLength(10_000);
    expect(records.map((record) => record.id)).toEqual(ids);
    const last = ids.at(-1)!;
    expect(records.at(-1)).toMatchObject({
      id: last,
      name: 'GET /users/9999',
      status: 'running',
      endMs: undefined,
      parentId: undefined,
    });
    // A slot reused by a newer operation shows the newer one, never a leftover of the evicted one.
    expect(records[0]).toMatchObject({
      name: 'GET /users/0',
      status: 'running',
      error: undefined,
      steps: [],
    });
  });

  it('ends an opened operation once: a later end does not move its end time or status', () => {
    const id = openOperation('POST', '/orders');
    endOperation(id, 'rejected', new Error('boom'));
    const ended = operationRecords().find((record) => record.id === id);
    expect(ended).toMatchObject({ status: 'rejected', error: 'Error: boom' });
    endOperation(id, 'fulfilled');
    expect(operationRecords().find((record) => record.id === id)).toEqual(ended);
  });

  it('names a traced operation inside it, with its parent and steps', async () => {
    const outer = openOperation('GET', '/outer');
    let innerId = 0;
    await traced('inner', async () => {
      await Promise.resolve();
      step('loaded');
      innerId = operationRecords().at(-1)!.id;
    });
    const inner = operationRecords().find((record) => record.id === innerId);
    expect(inner).toMatchObject({ name: 'inner', status: 'fulfilled', parentId: undefined });
    expect(inner?.steps.map((done) => done.name)).toEqual(['loaded']);
    expect(operationRef(innerId, inner!.startMs)?.steps).toEqual([]);
    expect(operationRef(innerId, inner!.endMs!)?.steps.map((done) => done.name)).toEqual(['loaded']);
    endOperation(outer, 'fulfilled');
  });
});
