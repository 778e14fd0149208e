'use strict';
// A small stand-in for the project's compiler module (spawns and tracks one bundler per platform).
const bundlers = {};

function runningBundlers() {
  return bundlers;
}

function startBundler(config, logger) {
  logger.info('starting bundler for ' + config.platform);
  bundlers[config.platform] = { config };
  return Promise.resolve();
}

function stopBundler(platform) {
  for (const key of Object.keys(bundlers)) {
    if (platform === undefined || platform === key) delete bundlers[key];
  }
}

module.exports = { runningBundlers, startBundler, stopBundler };
