// Case: nodejs/citgm, fix commit 3a792d2cbce52224754595de7b212b586e3273f1 ("fix: remove event listeners on process when
// done", pull request #108), source https://github.com/nodejs/citgm/pull/108. Rewritten in our own code: the fixed
// version. When the run's steps complete, its three signal listeners are removed from `process`.
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
    process.removeListener('SIGINT', onInterrupt);
    process.removeListener('SIGHUP', onInterrupt);
    process.removeListener('SIGBREAK', onInterrupt);
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
