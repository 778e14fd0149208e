// Case: nodejs/citgm, fix commit 3a792d2cbce52224754595de7b212b586e3273f1 ("fix: remove event listeners on process when
// done", pull request #108), source https://github.com/nodejs/citgm/pull/108. Rewritten in our own code: a runner that
// tests one npm module installs SIGINT, SIGHUP and SIGBREAK listeners on `process` at the start of each run so that an
// interrupt cleans up the scratch directory. A run that completes never removes them, so the mode that tests every
// module in one process adds three process listeners per module (MaxListenersExceededWarning after ten modules).
'use strict';

var util = require('util');
var EventEmitter = require('events').EventEmitter;
var steps = require('./steps');

function ModuleRun(name, options) {
  if (!(this instanceof ModuleRun))
    return new ModuleRun(name, options);
  EventEmitter.call(this);
  this.module = { name: name };
  this.options = options;
}

util.inherits(ModuleRun, EventEmitter);

ModuleRun.prototype.run = function() {
  var self = this;
  var finished = false;

  var onInterrupt = function(code) {
    process.exitCode = code;
    finished = true;
    var payload = {
      name: self.module.name,
      error: Error('Interrupted')
    };
    self.emit('fail', payload.error);
    steps.scratch.remove(self, function() {
      self.emit('end', payload);
    });
  };

  process.on('SIGINT', onInterrupt);
  process.on('SIGHUP', onInterrupt);
  process.on('SIGBREAK', onInterrupt);

  this.emit('start', this.module.name, this.options);

  steps.waterfall([
    function(next) { next(null, self); },
    steps.scratch.create,
    steps.fetchMetadata,
    steps.download,
    steps.install,
    steps.test
  ], function(err) {
    if (!finished) {
      var payload = { name: self.module.name };
      if (err) {
        self.emit('fail', err);
        payload.error = err;
      }
      steps.scratch.remove(self, function() {
        self.emit('end', payload);
        finished = true;
      });
    }
  });
};

exports.ModuleRun = ModuleRun;
