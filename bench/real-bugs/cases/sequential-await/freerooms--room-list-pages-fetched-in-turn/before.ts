// Case: devsoc-unsw/freerooms, fix commit 2d3f92d319059616a2a67b729072df0efb7dddbf ("change for loop promise to
// promise.all"; https://github.com/devsoc-unsw/freerooms/pull/168).
// The code just before the fix, rewritten in our own code: the backend lists every room code by reading each page of
// the university's room directory in turn, though the number of pages is fixed and no page needs another.
import { getPage } from 'page-client';

const DIRECTORY_URL = 'https://rooms.example.edu/directory?page=';
const PAGE_COUNT = 13;
const ROOM_CODE = /^[A-Z]-[A-Z][0-9]{1,2}-[A-Z]{0,2}[0-9]{1,4}[A-Z]?$/;

function codesIn(html: string): string[] {
  const cells = html.match(/<td class="room-code">([^<]*)<\/td>/g) ?? [];
  return cells.map((cell) => cell.replace(/<[^>]+>/g, '')).filter((code) => ROOM_CODE.test(code));
}

export async function allRoomCodes(): Promise<string[]> {
  let codes: string[] = [];
  for (let page = 0; page < PAGE_COUNT; page++) {
    const response = await getPage(DIRECTORY_URL + page);
    const found = codesIn(response.body);
    if (!found) return codes;
    codes = codes.concat(found);
  }
  return codes;
}
