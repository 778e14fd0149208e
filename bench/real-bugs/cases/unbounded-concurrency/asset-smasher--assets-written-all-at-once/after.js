// Case: jriecken/asset-smasher, fix commit 2d9f45e08e29b51cdb57f2c5035b9a04e4e2c642 ("Use async.eachLimit to avoid
// EMFILE in asset output. Fixes #10", issue #10). Rewritten in our own code: after compiling, the build runs the
// post-compilation and output phases of every asset of the bundle with async.each, which starts them all at once; each
// phase reads and writes files, so a project with more assets than the open-file limit fails with EMFILE.
var async = require('async');

var runImmediately = typeof setImmediate === 'function' ? setImmediate : process.nextTick;

function runPhase(phase, subject, cb) {
  async.eachSeries(phase, function (step, stepCb) {
    step.execute(subject, stepCb);
  }, function (e) {
    cb(e, subject);
  });
}

function Packer(bundle, phases) {
  this.bundle = bundle;
  this.phases = phases;
}

Packer.prototype = {
  reset: function () {
    this.bundle.clear();
  },

  buildAll: function (cb) {
    this.reset();
    var bundle = this.bundle;
    var self = this;
    async.waterfall([
      function (wfCb) {
        runPhase(self.phases.discovery, bundle, wfCb);
      },
      function (b, wfCb) {
        try {
          var ordered = bundle.processingOrder().map(function (filePath) {
            return bundle.asset(filePath);
          });
          async.eachSeries(ordered, function (asset, eachCb) {
            runImmediately(function () {
              runPhase(self.phases.compilation, asset, eachCb);
            });
          }, wfCb);
        } catch (e) {
          wfCb(e);
        }
      },
      function (wfCb) {
        async.eachLimit(bundle.allAssets(), 50, function (asset, eachCb) {
          runPhase(self.phases.postCompilation, asset, eachCb);
        }, wfCb);
      },
      function (wfCb) {
        async.eachLimit(bundle.allAssets(), 50, function (asset, eachCb) {
          runPhase(self.phases.output, asset, eachCb);
        }, wfCb);
      },
    ], cb);
  },
};

module.exports = { Packer: Packer };
