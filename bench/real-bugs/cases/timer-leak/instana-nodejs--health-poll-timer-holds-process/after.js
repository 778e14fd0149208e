// Case: instana/nodejs, fix commit 50dbfd5e1f123a7a4c8398a4ce3b56bbfa163c98 ("fix: call unref() on all Timeout
// objects", pull request #128; one file of the fix). Rewritten in our own code: a monitoring agent loaded into the
// user's process polls the application's health checks on a re-armed timer. The timer is referenced, so an
// application that has finished its work never exits: the agent's poll keeps the event loop alive.
'use strict';

var moduleHooks = require('./module-hooks');
var log = require('./log').named('metrics/health');

var pollEveryMs;
var UP = 1;
var DOWN = 0;

var healthPlugin;
var pollHandle;

exports.payloadPrefix = 'health';
exports.currentPayload = {};

moduleHooks.onLoad('app-health-plugin', function onHealthPluginLoaded(plugin) {
  healthPlugin = plugin;
});

exports.activate = function (config) {
  pollEveryMs = config.pollEveryMs || 3000;

  if (healthPlugin != null) {
    collectHealth();
  }
};

function collectHealth() {
  healthPlugin
    .checkAll()
    .then(function onResults(checks) {
      var results = {};
      var previous = exports.currentPayload;

      Object.keys(checks).forEach(function (name) {
        var state = checks[name].healthy ? UP : DOWN;
        var changed = previous[name] == null || previous[name].healthy !== state;
        results[name] = { healthy: state, since: changed ? Date.now() : previous[name].since };
      });

      exports.currentPayload = results;
      pollHandle = setTimeout(collectHealth, pollEveryMs);
      pollHandle.unref();
    })
    .catch(function onFailure(err) {
      exports.currentPayload = {};
      log.warn('Cannot collect health check results', err);
      pollHandle = setTimeout(collectHealth, pollEveryMs);
      pollHandle.unref();
    });
}

exports.deactivate = function () {
  clearTimeout(pollHandle);
};
