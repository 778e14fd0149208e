// Case: webtorrent/webtorrent.io, fix commit 412d20ca274c8e904c4b5cd20adbde2935d543dd ("Rewrite summarize-telemetry.js
// to not crash server", PR https://github.com/webtorrent/webtorrent.io/pull/119). Fixed: the files are read as
// callback tasks through run-parallel-limit, five at a time.
'use strict';
const fs = require('node:fs');
const path = require('node:path');
const runParallelLimit = require('run-parallel-limit');

const PARALLEL_LIMIT = 5;

/**
 * @param {string} dir
 * @param {string[]} logFiles
 * @param {(name: string, rows: object[]) => object} summarizeDay
 * @param {(error: Error | null, days?: object[]) => void} done
 */
function summarizeLogs(dir, logFiles, summarizeDay, done) {
  console.log(`summarizing ${logFiles.length} log files`);
  const tasks = logFiles.map(
    (name) =>
      /** @param {(error: Error | null, day?: object) => void} callback */
      (callback) => {
        fs.readFile(path.join(dir, name), 'utf8', (error, text) => {
          if (error) return callback(error);
          const rows = text
            .trim()
            .split('\n')
            .map((line) => {
              try {
                return JSON.parse(line);
              } catch {
                return null;
              }
            })
            .filter(Boolean);
          callback(null, summarizeDay(name, rows));
        });
      },
  );
  runParallelLimit(tasks, PARALLEL_LIMIT, (error, days) => {
    if (error) return done(error);
    done(null, days);
  });
}

module.exports = { summarizeLogs };
