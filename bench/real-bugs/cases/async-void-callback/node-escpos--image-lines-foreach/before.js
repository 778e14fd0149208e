// Case: lsongdev/node-escpos, fix commit cd52c34554fa5101e7c5427f422d9e7f354bba93 ("forEach doesn't wait for
// await", PR https://github.com/lsongdev/node-escpos/pull/159; the method was made async in c9047e12). Rewritten in
// our own code: a receipt printer writes an image line by line and means to pause 200 ms between lines for slow
// serial links, but the pause sits in an async forEach callback, so every line is written at once and nothing waits.
'use strict';

const LINE_FEED = '\x1b\x4a\x18';

/**
 * @param {{ write(chunk: Buffer | string): void }} sink
 * @param {{ rows: Buffer[], width: number }} bitmap
 * @param {number} bytesPerColumn
 */
function printBitmap(sink, bitmap, bytesPerColumn) {
  const header = Buffer.from([0x1b, 0x2a, 33]);

  // Give the printer time to take in each line over a slow link.
  bitmap.rows.forEach(async (row) => {
    sink.write(header);
    const width = Buffer.alloc(2);
    width.writeUInt16LE(row.length / bytesPerColumn);
    sink.write(width);
    sink.write(row);
    sink.write(LINE_FEED);
    await new Promise((resolve) => {
      setTimeout(() => resolve(true), 200);
    });
  });

  return sink;
}

module.exports = { printBitmap };
