// Shared by before.js and after.js: the steps of one module's test run (the original's lib/*.js modules) and a
// callback waterfall like async.waterfall, which the original uses.
function waterfall(tasks, done) {
  var index = 0;
  function next(err, value) {
    if (err || index === tasks.length) {
      done(err, value);
      return;
    }
    var task = tasks[index++];
    setImmediate(function() {
      task(value, next);
    });
  }
  tasks[index++](next);
}

function makeStep(name) {
  return function(context, next) {
    context.emit('data', 'verbose', 'step', name);
    next(null, context);
  };
}

var scratch = {
  create: makeStep('create-scratch-dir'),
  remove: function(context, done) {
    context.emit('data', 'verbose', 'step', 'remove-scratch-dir');
    setImmediate(done);
  }
};

module.exports = {
  waterfall: waterfall,
  scratch: scratch,
  fetchMetadata: makeStep('fetch-metadata'),
  download: makeStep('download'),
  install: makeStep('install'),
  test: makeStep('test')
};
