import { beforeAll, describe, it } from 'vitest';
import { ruleTester } from '../support/rule-tester.js';

// A loop's counter stepped in any spelling (`i += size`, `day.setDate(day.getDate() + 7)`, `offset += limit`): the
// next iteration's counter is known before this one's awaits settle when the step reads only the counter and values
// the body never writes. Read in a public fix: samyok/gophergrades fe065cd (weeks of a term scraped one by one in a
// `for` loop that steps a Date by seven days, untyped JavaScript). A loop that walks a local collection in slices
// (`rows.slice(i, i + 25)`) batches on purpose and stays silent, as a loop over chunks does.

const header = `
declare function scrapeWeek(day: string): Promise<{ meetings: string[] }>;
declare function readRows(offset: number, limit: number): Promise<string[]>;
declare function countRows(): Promise<number>;
declare function fetchPage(cursor: string): Promise<{ rows: string[]; next: string | null }>;
declare function save(row: unknown): Promise<void>;
declare const ids: string[];
`;

const tester = ruleTester('sequential-await', { prelude: header });
const bare = ruleTester('sequential-await', { prelude: '' });

beforeAll(() => {
  tester.expectValid('export {};');
}, 120_000);

describe('sequential-await: a counter stepped by what the loop already knows', () => {
  it.each([
    [
      'a for loop stepping a Date by a week with its own method',
      `export async function term(first: Date, last: Date) {
  const weeks = [];
  for (let day = new Date(first.getTime()); day <= last; day.setDate(day.getDate() + 7)) {
    weeks.push(/*!*/await scrapeWeek(day.toISOString().slice(0, 10)));
  }
  return weeks;
}`,
    ],
    [
      'a for loop stepping by a size fixed before it',
      `export async function every(total: number, size: number) {
  const rows: string[] = [];
  for (let offset = 0; offset < total; offset += size) {
    rows.push(...(/*!*/await readRows(offset, size)));
  }
  return rows;
}`,
    ],
    [
      'a while loop over an offset stepped by the page size, the total read first',
      `export async function all() {
  const total = await countRows();
  const limit = 100;
  const rows: string[] = [];
  let offset = 0;
  while (offset < total) {
    rows.push(...(/*!*/await readRows(offset, limit)));
    offset = offset + limit;
  }
  return rows;
}`,
    ],
  ])('%s', (_name, code) => {
    tester.expectInvalid({ code, messageId: 'sequentialAwait' });
  });

  it('finds the same Date step in untyped JavaScript', () => {
    bare.expectInvalid({
      code: `const scrapeWeek = async (day) => {
  const reply = await fetch('https://portal.example.edu/week?date=' + day);
  return reply.text();
};

export const scrapeTerm = async (first, last) => {
  let weeks = [];
  for (let day = new Date(first.getTime()); day <= last; day.setDate(day.getDate() + 7)) {
    let week = /*!*/await scrapeWeek(day.toISOString().slice(0, 10));
    weeks.push(week);
  }
  return weeks;
};`,
      fileName: 'scrape.js',
      messageId: 'sequentialAwait',
    });
  });

  it.each([
    [
      'the fixed form: every week requested first, then awaited together',
      `export async function term(first: Date, last: Date) {
  const pending = [];
  for (let day = new Date(first.getTime()); day <= last; day.setDate(day.getDate() + 7)) {
    pending.push(scrapeWeek(day.toISOString().slice(0, 10)));
  }
  return Promise.all(pending);
}`,
    ],
    [
      'a cursor taken from the previous reply',
      `export async function all(first: string) {
  const rows: string[] = [];
  let reply: { rows: string[]; next: string | null } = { rows: [], next: first };
  for (let cursor = first; cursor; cursor = reply.next ?? '') {
    reply = await fetchPage(cursor);
    rows.push(...reply.rows);
  }
  return rows;
}`,
    ],
    [
      'an offset stepped by how many rows the last page had',
      `export async function all(total: number) {
  const rows: string[] = [];
  let offset = 0;
  while (offset < total) {
    const page = await readRows(offset, 100);
    rows.push(...page);
    offset += page.length;
  }
  return rows;
}`,
    ],
    [
      'a step that awaits',
      `export async function all(first: string, next: (cursor: string) => Promise<string>) {
  for (let cursor = first; cursor !== ''; cursor = await next(cursor)) {
    await save(cursor);
  }
}`,
    ],
    [
      'a Date stepped by a gap the body computed',
      `export async function term(first: Date, last: Date) {
  let gap = 7;
  for (let day = new Date(first.getTime()); day <= last; day.setDate(day.getDate() + gap)) {
    const week = await scrapeWeek(day.toISOString().slice(0, 10));
    gap = week.meetings.length === 0 ? 14 : 7;
  }
}`,
    ],
    [
      'a collection written in slices of a fixed size (batching on purpose, like a loop over chunks)',
      `export async function saveAll(rows: string[]) {
  const size = 25;
  for (let i = 0; i < rows.length; i += size) {
    await save(rows.slice(i, i + size));
  }
}`,
    ],
    [
      'a while loop over an offset that sends each slice of a local list',
      `export async function saveAll(rows: string[], limit: number) {
  let offset = 0;
  while (offset < rows.length) {
    await save(rows.slice(offset, offset + limit));
    offset += limit;
  }
}`,
    ],
    [
      'a step counting attempts',
      `export async function retry() {
  for (let attempt = 0; attempt < 5; attempt += 1) {
    await save(ids[0]);
  }
}`,
    ],
  ])('%s', (_name, code) => {
    tester.expectValid(code);
  });
});
