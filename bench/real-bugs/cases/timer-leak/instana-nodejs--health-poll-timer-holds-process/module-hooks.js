// Module-load hooks of the case's agent (a helper module in the original project).
'use strict';

var waiting = {};

exports.onLoad = function (name, callback) {
  (waiting[name] = waiting[name] || []).push(callback);
};

exports.loaded = function (name, moduleExports) {
  (waiting[name] || []).forEach(function (callback) {
    callback(moduleExports);
  });
};
