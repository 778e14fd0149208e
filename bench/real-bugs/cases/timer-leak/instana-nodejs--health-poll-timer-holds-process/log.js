// The case agent's logger (a helper module in the original project).
'use strict';

exports.named = function (name) {
  return {
    warn: function (message, err) {
      process.stderr.write('[' + name + '] ' + message + ': ' + (err && err.message) + '\n');
    },
  };
};
