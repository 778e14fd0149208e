// Case: NativeScript/nativescript-dev-webpack, fix commit 79490c77cb5663a8caaf1bf80a51ec38fb013a79 ("fix: don't throw
// MaxListenersExceeded error when more than 11 processes are started from sidekick",
// https://github.com/NativeScript/nativescript-dev-webpack/pull/695). Rewritten in our own code: the fixed form keeps
// one handler per event name, adds it only when none is registered, and the after-watch hook removes both.
'use strict';
const { startBundler, stopBundler, runningBundlers } = require('./bundler');

const handlers = {};

function addListener(emitter, name, handler) {
  if (!handlers[name]) {
    emitter.on(name, handler);
    handlers[name] = handler;
  }
}

function removeListener(emitter, name) {
  if (handlers[name]) {
    emitter.removeListener(name, handlers[name]);
    delete handlers[name];
  }
}

function beforeWatch(logger, syncService, deviceService, hookArgs) {
  if (!hookArgs.config) return;
  const options = hookArgs.config.updaterOptions;
  if (!options.bundle) return;

  addListener(syncService, 'syncStopped', () => {
    for (const platform of Object.keys(runningBundlers())) {
      const devices = deviceService.devicesFor(platform);
      if (!devices || devices.length === 0) stopBundler(platform);
    }
  });

  addListener(process, 'exit', stopBundler);

  return Promise.all(
    hookArgs.config.platforms.map((platform) =>
      startBundler({ platform, watch: true, hmr: options.hot }, logger, syncService),
    ),
  );
}

function afterWatch(logger, syncService) {
  logger.info('Stopping bundler watch');
  stopBundler();
  removeListener(syncService, 'syncStopped');
  removeListener(process, 'exit');
}

module.exports = { beforeWatch, afterWatch };
