// Case: punkave/node-netpbm, fix commit 4090b12151eabc44b471b0d1d04886742fb4d41a ("having info requests respecting the
// command queue", issue #4). Rewritten in our own code: image conversions wait for a free slot (at most `limit` child
// processes), but size lookups (`info`) spawn their pipeline immediately; a page that asks for the size of hundreds
// of images forks hundreds of shell pipelines at once and the process crashes.
var childProcess = require('child_process');

var running = 0;

function quote(arg) {
  return "'" + String(arg).replace(/'/g, "'\\''") + "'";
}

function typeOf(file) {
  var match = /\.(jpe?g|png|gif)$/i.exec(file);
  return match ? match[1].toLowerCase().replace('jpeg', 'jpg') : null;
}

var decoders = { jpg: 'jpegtopnm ', png: 'pngtopnm -mix ', gif: 'giftopnm ' };
var encoders = { jpg: 'pnmtojpeg -quality 85 ', png: 'pnmtopng ', gif: 'ppmquant 256 | ppmtogif ' };

module.exports.info = function (fileIn, options, callback) {
  if (typeof options === 'function') {
    callback = options;
    options = {};
  }
  options = options || {};
  options.infoOnly = true;
  module.exports.convert(fileIn, null, options, callback);
};

module.exports.convert = function (fileIn, fileOut, options, callback) {
  options = options || {};
  // At most this many pipelines are forked at once; further requests wait for a slot.
  var limit = options.limit ? options.limit : 10;
  var typeIn = typeOf(fileIn);
  if (!typeIn) {
    callback('unsupported input file: ' + fileIn);
    return;
  }

  startPipeline();

  function startPipeline() {
    var cmd = decoders[typeIn] + '< ' + quote(fileIn) + ' ';

    if (options.infoOnly) {
      cmd += '| head -3 ';
      childProcess.exec(cmd, function (err, stdout, stderr) {
        if (err) {
          callback(err + ': ' + stderr);
          return;
        }
        var lines = String(stdout).split(/[\r\n]+/);
        var size = /^(\d+) (\d+)/.exec(lines[1] || '');
        if (!size) {
          callback('unexpected netpbm output');
          return;
        }
        callback(null, { type: typeIn, width: parseInt(size[1], 10), height: parseInt(size[2], 10) });
      });
      return;
    }

    var typeOut = typeOf(fileOut);
    if (options.width) {
      cmd += '| pnmscale -width ' + options.width + ' ';
    }
    cmd += '| ' + encoders[typeOut] + '> ' + quote(fileOut);

    runWhenFree();

    function runWhenFree() {
      if (running >= limit) {
        setTimeout(function () {
          runWhenFree();
        }, 100);
        return;
      }
      running++;
      childProcess.exec(cmd, function (err, stdout, stderr) {
        running--;
        if (err) {
          callback(err + ': ' + stderr);
        } else {
          callback(null);
        }
      });
    }
  }
};
