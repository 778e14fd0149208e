// Case: lsongdev/node-escpos, fix commit cd52c34554fa5101e7c5427f422d9e7f354bba93 ("forEach doesn't wait for
// await", PR https://github.com/lsongdev/node-escpos/pull/159; the method was made async in c9047e12). Fixed: a
// for...of loop in an async function, so each line waits for the pause before the next is written.
'use strict';

const LINE_FEED = '\x1b\x4a\x18';

/**
 * @param {{ write(chunk: Buffer | string): void }} sink
 * @param {{ rows: Buffer[], width: number }} bitmap
 * @param {number} bytesPerColumn
 */
async function printBitmap(sink, bitmap, bytesPerColumn) {
  const header = Buffer.from([0x1b, 0x2a, 33]);

  // Give the printer time to take in each line over a slow link.
  for (const row of bitmap.rows) {
    sink.write(header);
    const width = Buffer.alloc(2);
    width.writeUInt16LE(row.length / bytesPerColumn);
    sink.write(width);
    sink.write(row);
    sink.write(LINE_FEED);
    await new Promise((resolve) => {
      setTimeout(() => resolve(true), 200);
    });
  }

  return sink;
}

module.exports = { printBitmap };
