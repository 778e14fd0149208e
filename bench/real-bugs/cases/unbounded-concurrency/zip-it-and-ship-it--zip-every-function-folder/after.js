// Case: netlify/zip-it-and-ship-it, fix commit 5b862c31a25baff5ad831fe664ab3da4d0f048d0 ("Add a promise all parallel
// limiter", PR https://github.com/netlify/zip-it-and-ship-it/pull/10, issue #6). Rewritten in our own code: the
// packager lists a functions folder and zips its entries a few at a time (`parallelLimit`, 5 unless given).
'use strict';
const fs = require('fs');
const path = require('path');
const pAll = require('p-all');

function writeArchive(sourcePath, archivePath) {
  return new Promise((resolve, reject) => {
    const output = fs.createWriteStream(archivePath);
    output.on('error', reject);
    output.on('close', resolve);
    fs.createReadStream(sourcePath).pipe(output);
  });
}

function packageOne(entryPath, outputDir) {
  const base = path.basename(entryPath);
  if (base === 'node_modules') {
    return Promise.resolve(null);
  }
  const archivePath = path.join(outputDir, base.replace(/\.(js|zip)$/, '') + '.zip');
  if (path.extname(entryPath) === '.zip') {
    fs.copyFileSync(entryPath, archivePath);
    return Promise.resolve({ archivePath, runtime: 'js' });
  }
  const stats = fs.lstatSync(entryPath);
  if (stats.isDirectory() || path.extname(entryPath) === '.js') {
    return writeArchive(entryPath, archivePath).then(() => ({ archivePath, runtime: 'js' }));
  }
  return Promise.resolve(null);
}

function packageFolder(sourceDir, outputDir, options) {
  const settings = Object.assign({ verbose: false, parallelLimit: 5 }, options);
  if (settings.verbose) {
    console.log('packaging', sourceDir);
  }
  return pAll(
    fs
      .readdirSync(sourceDir)
      .map((name) => () => packageOne(path.resolve(path.join(sourceDir, name)), outputDir)),
    { concurrency: settings.parallelLimit },
  ).then((archives) => archives.filter(Boolean));
}

module.exports = { packageFolder, packageOne };
