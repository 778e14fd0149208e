// Case: pelias/openaddresses, fix commit 9696525e5c86dcfff659d81c311963a73b63fd78 ("Add limit to 5 concurrent
// requests in downloadFiltered", merged in PR https://github.com/pelias/openaddresses/pull/332; reported in issue
// #349). Fixed:
// at most five files are downloaded and unpacked at a time.
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
    async.eachLimit(settings.files, 5, (file, next) => fetchOne(settings.dataDir, file, next), done);
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
