import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { getPitfall, isPitfallId, pitfallIds, pitfalls } from '../src/index.js';

const root = join(import.meta.dirname, '../../..');

describe('catalog', () => {
  it('has one entry per id, in order, kebab-case, unique', () => {
    expect(pitfalls.map((p) => p.id)).toEqual([...pitfallIds]);
    expect(new Set(pitfallIds).size).toBe(pitfallIds.length);
    for (const id of pitfallIds) expect(id).toMatch(/^[a-z]+(-[a-z]+)*$/);
  });

  it('holds the 20 pitfalls of the design', () => {
    expect(pitfallIds).toHaveLength(20);
  });

  it('gives every entry a title, a why and a fix, and a docs path that follows the id', () => {
    for (const pitfall of pitfalls) {
      expect(pitfall.title.length).toBeGreaterThan(5);
      expect(pitfall.why.length).toBeGreaterThan(20);
      expect(pitfall.fix.length).toBeGreaterThan(10);
      expect(pitfall.docsPath).toBe(`docs/pitfalls/${pitfall.id}.md`);
      expect(pitfall.docsUrl.endsWith(`/${pitfall.id}.md`)).toBe(true);
    }
  });

  it('looks entries up and rejects unknown ids with the list of known ones', () => {
    expect(getPitfall('floating-promise').title).toMatch(/Floating/);
    expect(isPitfallId('floating-promise')).toBe(true);
    expect(isPitfallId('nope')).toBe(false);
    expect(() => getPitfall('nope')).toThrow(/Unknown pitfall id `nope`\. Known ids: sequential-await/);
  });

  it.each(pitfallIds)('has a docs page for %s', (id) => {
    expect(existsSync(join(root, 'docs/pitfalls', `${id}.md`))).toBe(true);
  });
});
