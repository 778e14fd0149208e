// Case: jriecken/asset-smasher, fix commit 3df92fef394ad273d6ad86325c651ec36b6da744 ("Limit the number of files to
// process in parallel to avoid EMFILE. Fixes #9", issue https://github.com/jriecken/asset-smasher/issues/9).
// Fixed: at most fifty assets are loaded and scanned at once (async.eachLimit).
'use strict';
const async = require('async');

/**
 * @param {{ getAllAssets(): Array<{ path: string, load(cb: (error?: Error) => void): void, text?: string }>, link(from: string, to: string): void }} bundle
 * @param {RegExp} pattern
 * @param {(error?: Error | null) => void} done
 */
function resolveDependencies(bundle, pattern, done) {
  async.eachLimit(
    bundle.getAllAssets(),
    50,
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
