// Case: NativeScript/nativescript-dev-webpack, fix commit 79490c77cb5663a8caaf1bf80a51ec38fb013a79 ("fix: don't throw
// MaxListenersExceeded error when more than 11 processes are started from sidekick",
// https://github.com/NativeScript/nativescript-dev-webpack/pull/695). Rewritten in our own code: the before-watch hook
// runs for every watch the host tool starts, and each run adds a 'syncStopped' listener to the host's long-lived sync
// service and an 'exit' listener to the process; the after-watch hook removes neither.
'use strict';
const { startBundler, stopBundler, runningBundlers } = require('./bundler');

function beforeWatch(logger, syncService, deviceService, hookArgs) {
  if (!hookArgs.config) return;
  const options = hookArgs.config.updaterOptions;
  if (!options.bundle) return;

  syncService.on('syncStopped', () => {
    for (const platform of Object.keys(runningBundlers())) {
      const devices = deviceService.devicesFor(platform);
      if (!devices || devices.length === 0) stopBundler(platform);
    }
  });

  process.on('exit', () => {
    stopBundler();
  });

  return Promise.all(
    hookArgs.config.platforms.map((platform) =>
      startBundler({ platform, watch: true, hmr: options.hot }, logger, syncService),
    ),
  );
}

function afterWatch(logger) {
  logger.info('Stopping bundler watch');
  stopBundler();
}

module.exports = { beforeWatch, afterWatch };
