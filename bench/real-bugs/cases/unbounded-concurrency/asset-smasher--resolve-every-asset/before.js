// Case: jriecken/asset-smasher, fix commit 3df92fef394ad273d6ad86325c651ec36b6da744 ("Limit the number of files to
// process in parallel to avoid EMFILE. Fixes #9", issue https://github.com/jriecken/asset-smasher/issues/9).
// Rewritten in our own code: resolving the dependencies of a bundle loads and scans every asset of the bundle in
// parallel with async.each, so a bundle with more assets than the open-file limit fails with EMFILE.
'use strict';
const async = require('async');

/**
 * @param {{ getAllAssets(): Array<{ path: string, load(cb: (error?: Error) => void): void, text?: string }>, link(from: string, to: string): void }} bundle
 * @param {RegExp} pattern
 * @param {(error?: Error | null) => void} done
 */
function resolveDependencies(bundle, pattern, done) {
  async.each(
    bundle.getAllAssets(),
    function (asset, next) {
      scanAsset(asset, bundle, pattern, next);
    },
    function (error) {
      done(error);
    },
  );
}

/**
 * @param {{ path: string, load(cb: (error?: Error) => void): void, text?: string }} asset
 * @param {{ link(from: string, to: string): void }} bundle
 * @param {RegExp} pattern
 * @param {(error?: Error) => void} next
 */
function scanAsset(asset, bundle, pattern, next) {
  asset.load(function (error) {
    if (error) return next(error);
    for (const match of (asset.text || '').matchAll(pattern)) bundle.link(asset.path, match[1] || '');
    next();
  });
}

module.exports = { resolveDependencies };
