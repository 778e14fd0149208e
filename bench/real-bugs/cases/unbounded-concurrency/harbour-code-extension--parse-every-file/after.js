// Case: APerricone/harbourCodeExtension, fix commit fbd7e64ba7e28c12ccd98645ec7cfac66e0412c0 ("optimized
// parseWorkspace trying to fix #71", after PR https://github.com/APerricone/harbourCodeExtension/pull/81). Fixed: at
// most a fixed number of files are being parsed at once; the rest wait in a queue that each finished parse drains.
'use strict';
const fs = require('node:fs');
const path = require('node:path');

const MAX_OPEN = 1000;

/**
 * @param {(file: string, cMode: boolean) => Promise<object>} parseFile
 * @param {(symbols: object) => void} record
 */
function createIndexer(parseFile, record) {
  let open = 0;
  /** @type {Array<[string, boolean]>} */
  const waiting = [];

  /** @param {string} file @param {boolean} cMode */
  function enqueue(file, cMode) {
    if (open >= MAX_OPEN) {
      waiting.push([file, cMode]);
      return;
    }
    open++;
    parseFile(file, cMode).then((symbols) => {
      open--;
      record(symbols);
      const next = waiting.pop();
      if (next) enqueue(next[0], next[1]);
    });
  }

  /**
   * @param {string} dir
   * @param {number} depth
   */
  function indexDir(dir, depth) {
    fs.readdir(dir, (error, names) => {
      if (error || !names) return;
      for (const name of names) {
        const full = path.join(dir, name);
        const info = fs.statSync(full);
        if (info.isFile()) {
          const ext = path.extname(name).toLowerCase();
          const cMode = (ext.startsWith('.c') && ext !== '.ch') || ext === '.h';
          if (ext === '.prg' || ext === '.ch' || cMode) {
            enqueue(full, cMode);
          }
        } else if (info.isDirectory() && depth > 0) {
          indexDir(full, depth - 1);
        }
      }
    });
  }
  return { indexDir };
}

module.exports = { createIndexer };
