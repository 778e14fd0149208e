import { describe, it } from 'vitest';
import { ruleTester } from '../support/rule-tester.js';

// A path checked, an `await`, then the same path created: two concurrent calls both find it missing; the second
// `writeFile` replaces the file the first one made, the second `symlink` or `mkdir` fails with EEXIST. Shapes from
// public fixes (a thumbnail checked with existsSync, a database read awaited, then written over a concurrent watcher
// event's file, fixed with the `wx` flag; a config file created only when absent), rewritten in our own code.
const tester = ruleTester('check-then-act', {
  prelude: `import { existsSync, writeFileSync, statSync } from 'node:fs';
import { access, mkdir, symlink, writeFile, copyFile } from 'node:fs/promises';
declare function loadCourse(id: string): Promise<{ thumbnail: Uint8Array }>;
declare function render(): Promise<string>;
`,
});

describe('check-then-act: a path checked, then created after an await', () => {
  it.each([
    [
      'existsSync, a database read awaited, then writeFileSync of the same path',
      `export async function syncThumbnail(id: string, target: string) {
  const present = existsSync(target);
  const course = await loadCourse(id);
  if (!present) {
    /*!*/writeFileSync(target, course.thumbnail);
  }
}`,
    ],
    [
      'an early return when the file exists, an await, then writeFile',
      `export async function ensureConfig(file: string) {
  if (existsSync(file)) return;
  const text = await render();
  await /*!*/writeFile(file, text);
}`,
    ],
    [
      'an awaited access() that throws when missing, the create in its catch',
      `export async function ensureLink(target: string, link: string) {
  try {
    await access(link);
  } catch {
    await /*!*/symlink(target, link);
  }
}`,
    ],
    [
      'writeFile in a try whose catch only logs (writeFile replaces the file, it does not fail)',
      `export async function cacheRender(file: string) {
  if (existsSync(file)) return;
  const html = await render();
  try {
    await /*!*/writeFile(file, html);
  } catch (error) {
    console.error(error);
  }
}`,
    ],
  ])('reports %s', (_name, code) => {
    tester.expectInvalid({ code, messageId: 'keyRace' });
  });

  it('reports the CommonJS spelling (fs.existsSync, then fs.promises.writeFile after an await)', () => {
    tester.expectInvalid({
      fileName: 'src/cache.js',
      prelude: '',
      messageId: 'keyRace',
      code: `const fs = require('fs');
async function fetchPage(url) { return String(url); }
async function cachePage(url, file) {
  if (!fs.existsSync(file)) {
    const html = await fetchPage(url);
    await /*!*/fs.promises.writeFile(file, html);
  }
}
module.exports = { cachePage };`,
    });
  });

  it.each([
    [
      'the wx flag that fixed it (the create fails instead of replacing)',
      `export async function syncThumbnail(id: string, target: string) {
  const present = existsSync(target);
  const course = await loadCourse(id);
  if (!present) writeFileSync(target, course.thumbnail, { flag: 'wx' });
}`,
    ],
    [
      'the EEXIST of the create handled',
      `export async function ensureConfig(file: string) {
  if (existsSync(file)) return;
  const text = await render();
  await writeFile(file, text, { flag: 'wx' }).catch(() => undefined);
}`,
    ],
    [
      'existsSync and writeFileSync with no await between (one synchronous step)',
      `export async function ensureConfig(file: string, text: string) {
  await render();
  if (!existsSync(file)) writeFileSync(file, text);
}`,
    ],
    [
      'a write of a file the check found present (an update, not a create)',
      `export async function touch(file: string) {
  if (!existsSync(file)) throw new Error('missing');
  const text = await render();
  await writeFile(file, text);
}`,
    ],
    [
      'a copy with COPYFILE_EXCL, and a write of another path',
      `export async function publish(from: string, to: string, log: string) {
  if (statSync(to, { throwIfNoEntry: false })) return;
  await render();
  await copyFile(from, to, 1);
  await writeFile(log, 'published');
}`,
    ],
    [
      'symlink in a try whose catch takes the loser (symlink fails with EEXIST instead of replacing)',
      `export async function ensureLink(target: string, link: string) {
  if (existsSync(link)) return;
  await render();
  try {
    await symlink(target, link);
  } catch {
    return;
  }
}`,
    ],
    [
      'mkdir with recursive: true after existsSync',
      `export async function ensureDir(dir: string) {
  if (!existsSync(dir)) {
    await render();
    await mkdir(dir, { recursive: true });
  }
}`,
    ],
  ])('leaves alone %s', (_name, code) => {
    tester.expectValid(code);
  });
});
