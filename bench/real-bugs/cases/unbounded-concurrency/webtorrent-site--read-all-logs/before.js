// Case: webtorrent/webtorrent.io, fix commit 412d20ca274c8e904c4b5cd20adbde2935d543dd ("Rewrite summarize-telemetry.js
// to not crash server", PR https://github.com/webtorrent/webtorrent.io/pull/119). Rewritten in our own code: a daily
// job reads and parses every daily log file at once (one per day since launch, some of them gigabytes); the memory
// needed grows with every day until the server restarts itself each night.
'use strict';
const fs = require('node:fs');
const path = require('node:path');

/**
 * @param {string} dir
 * @param {string[]} logFiles
 * @param {(name: string, rows: object[]) => object} summarizeDay
 */
function summarizeLogs(dir, logFiles, summarizeDay) {
  console.log(`summarizing ${logFiles.length} log files`);
  return Promise.all(
    logFiles.map(
      (name) =>
        new Promise((resolve, reject) => {
          fs.readFile(path.join(dir, name), 'utf8', (error, text) => {
            if (error) return reject(error);
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
            resolve(summarizeDay(name, rows));
          });
        }),
    ),
  );
}

module.exports = { summarizeLogs };
