// Case: pelias/openaddresses, fix commit 9696525e5c86dcfff659d81c311963a73b63fd78 ("Add limit to 5 concurrent
// requests in downloadFiltered", merged in PR https://github.com/pelias/openaddresses/pull/332; reported in issue
// #349: 1,600 files started 1,600 curl jobs and the server fell over with spawn EMFILE). Rewritten in our own code:
// every configured data file is downloaded and unpacked at once, one child process per file.
'use strict';

const childProcess = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const async = require('async');

/**
 * @param {{ dataDir: string, files: string[] }} settings
 * @param {(error?: Error | null) => void} done
 */
function fetchSelected(settings, done) {
  fs.mkdir(settings.dataDir, { recursive: true }, (error) => {
    if (error) return done(error);
    async.each(settings.files, (file, next) => fetchOne(settings.dataDir, file, next), done);
  });
}

/**
 * @param {string} dataDir
 * @param {string} file
 * @param {(error?: Error | null) => void} done
 */
function fetchOne(dataDir, file, done) {
  const archive = path.join(os.tmpdir(), `${path.basename(file, '.csv')}-${process.pid}.zip`);
  const url = `https://data.example.org/latest/${file.replace('.csv', '.zip')}`;
  async.series(
    [
      (next) => childProcess.exec(`curl -sL -o ${archive} ${url}`, (e) => next(e)),
      (next) => childProcess.exec(`unzip -o -qq -d ${dataDir} ${archive}`, (e) => next(e)),
      (next) => fs.rm(archive, { force: true }, next),
    ],
    done,
  );
}

module.exports = { fetchSelected };
