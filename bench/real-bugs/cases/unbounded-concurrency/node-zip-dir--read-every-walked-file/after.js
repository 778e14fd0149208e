// Case: jsantell/node-zip-dir, fix commit 413ec340a83ae68cba05349d6d8da82d6652d499 ("Limiting the number of files
// read at the same time", https://github.com/jsantell/node-zip-dir/pull/5; the limit later became an async queue in
// 2cfb1fae, pull request #8). Rewritten in our own code, fixed: files are read through a queue that keeps at most
// a fixed number of reads open.
'use strict';
const fs = require('fs');
const path = require('path');
const Archive = require('jszip');
const asyncLib = require('async');

const MAX_OPEN_READS = 500;

module.exports = function zipFolder(root, options, done) {
  const archive = new Archive();
  const nodes = {};
  const top = path.resolve(root);
  nodes[top] = archive;

  const reads = asyncLib.queue(function (job, finished) {
    fs.readFile(job.entryPath, function (readError, contents) {
      if (options.each) options.each(path.join(job.parent, job.base));
      nodes[job.parent].file(job.base, contents);
      finished(readError);
    });
  }, MAX_OPEN_READS);

  walk(top, function (error) {
    if (error) return done(error);
    done(null, archive.generate({ type: 'nodebuffer', compression: 'DEFLATE' }));
  });

  function walk(folder, finished) {
    fs.readdir(folder, function (error, names) {
      if (error) return finished(error);
      if (names.length === 0) return finished();
      let left = names.length;
      names.forEach(function (name) {
        include(path.resolve(folder, name), function (failure) {
          left -= 1;
          if (left === 0) finished(failure);
        });
      });
    });
  }

  function include(entryPath, finished) {
    fs.stat(entryPath, function (error, stats) {
      if (error) return finished(error);
      if (options.filter && !options.filter(entryPath, stats)) return finished();
      const parent = path.dirname(entryPath);
      const base = path.basename(entryPath);
      if (stats.isDirectory()) {
        nodes[entryPath] = nodes[parent].folder(base);
        walk(entryPath, finished);
        return;
      }
      reads.push({ entryPath: entryPath, parent: parent, base: base }, finished);
    });
  }
};
