// Case: devsoc-unsw/freerooms, fix commit 2d3f92d319059616a2a67b729072df0efb7dddbf ("change for loop promise to
// promise.all"; https://github.com/devsoc-unsw/freerooms/pull/168).
// The fixed code, rewritten in our own code: every page is requested at once, then read in order.
import { getPage } from 'page-client';

const DIRECTORY_URL = 'https://rooms.example.edu/directory?page=';
const PAGE_COUNT = 13;
const ROOM_CODE = /^[A-Z]-[A-Z][0-9]{1,2}-[A-Z]{0,2}[0-9]{1,4}[A-Z]?$/;

function codesIn(html: string): string[] {
  const cells = html.match(/<td class="room-code">([^<]*)<\/td>/g) ?? [];
  return cells.map((cell) => cell.replace(/<[^>]+>/g, '')).filter((code) => ROOM_CODE.test(code));
}

export async function allRoomCodes(): Promise<string[]> {
  const pending: Promise<{ body: string }>[] = [];
  for (let page = 0; page < PAGE_COUNT; page++) pending.push(getPage(DIRECTORY_URL + page));
  let codes: string[] = [];
  for (const response of await Promise.all(pending)) {
    const found = codesIn(response.body);
    codes = codes.concat(found);
  }
  return codes;
}
