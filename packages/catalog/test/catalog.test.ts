import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  getPitfall,
  isPitfallId,
  pitfallIds,
  pitfalls,
  repositoryFileUrl,
  repositoryUrl,
} from '../src/index.js';

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

  it('links every finding to a file that exists at that path in the repository', () => {
    const prefix = `${repositoryUrl}/blob/main/`;
    for (const pitfall of pitfalls) {
      expect(pitfall.docsUrl).toBe(repositoryFileUrl(pitfall.docsPath));
      expect(pitfall.docsUrl.startsWith(prefix)).toBe(true);
      expect(existsSync(join(root, pitfall.docsUrl.slice(prefix.length)))).toBe(true);
    }
  });

  it('builds repository links only from paths inside the repository', () => {
    expect(repositoryFileUrl('packages/analyzer/README.md#speed')).toBe(
      'https://github.com/awaitwise/awaitwise/blob/main/packages/analyzer/README.md#speed',
    );
    expect(() => repositoryFileUrl('../other/README.md')).toThrow(
      /Expected `path` to be relative to the repository root, got `\.\.\/other\/README\.md`/,
    );
    expect(() => repositoryFileUrl('/etc/passwd')).toThrow(TypeError);
  });

  it('is the home every package.json names (repository with its folder, homepage, bugs)', () => {
    for (const folder of readdirSync(join(root, 'packages'))) {
      const manifest = JSON.parse(readFileSync(join(root, 'packages', folder, 'package.json'), 'utf8')) as {
        repository?: { url?: string; directory?: string };
        homepage?: string;
        bugs?: { url?: string };
      };
      expect(manifest.repository).toEqual({
        type: 'git',
        url: `git+${repositoryUrl}.git`,
        directory: `packages/${folder}`,
      });
      expect(manifest.homepage).toBe(`${repositoryUrl}/tree/main/packages/${folder}#readme`);
      expect(manifest.bugs).toEqual({ url: `${repositoryUrl}/issues` });
    }
  });
});
