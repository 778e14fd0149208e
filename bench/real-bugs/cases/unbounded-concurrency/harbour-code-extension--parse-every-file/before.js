// Case: APerricone/harbourCodeExtension, fix commit fbd7e64ba7e28c12ccd98645ec7cfac66e0412c0 ("optimized
// parseWorkspace trying to fix #71", after PR https://github.com/APerricone/harbourCodeExtension/pull/81: "EMFILE: too
// many open files"). Rewritten in our own code: the language server walks the workspace and starts parsing every
// source file the moment it sees it, with no limit, so a large workspace opens thousands of files at once.
'use strict';
const fs = require('node:fs');
const path = require('node:path');

/**
 * @param {(file: string, cMode: boolean) => Promise<object>} parseFile
 * @param {(symbols: object) => void} record
 */
function createIndexer(parseFile, record) {
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
            parseFile(full, cMode).then((symbols) => {
              record(symbols);
            });
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
