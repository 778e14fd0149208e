// Case: log4js-node/log4js-node, fix commit f832a2ba798a7eedb36d06dcf0bbdf38a2cdaf88 ("Do not assign multiple `exit`
// handlers for FA", PR https://github.com/log4js-node/log4js-node/pull/89). Rewritten in our own code: every call of
// the appender factory opens a stream and registers its own process 'exit' handler to flush it, so each configured
// appender adds one more listener to the process for the life of the program.
const fs = require('fs');
const path = require('path');
const os = require('os');

const newline = os.EOL || '\n';

const openStreams = [];
let exitHookAdded = false;

function plainFormat(entry) {
  return `${entry.time.toISOString()} [${entry.level}] ${entry.message}`;
}

function createFileSink(filename, format, maxBytes) {
  const target = path.normalize(filename);
  const render = format || plainFormat;

  function openStream() {
    const stream = fs.createWriteStream(target, { encoding: 'utf8', flags: 'a' });
    stream.on('error', function (err) {
      console.error('file sink: cannot write %s', target, err);
    });
    return stream;
  }

  const out = openStream();
  let written = 0;

  openStreams.push(out);

  // flush every file when the program ends, with one listener for all of them
  if (!exitHookAdded) {
    exitHookAdded = true;
    process.on('exit', function () {
      openStreams.forEach(function (stream) {
        stream.end();
      });
    });
  }

  return function write(entry) {
    const line = render(entry) + newline;
    written += Buffer.byteLength(line);
    if (maxBytes && written > maxBytes) return;
    out.write(line, 'utf8');
  };
}

function configure(settings, options) {
  let filename = settings.filename;
  if (options && options.cwd && !settings.absolute) {
    filename = path.join(options.cwd, filename);
  }
  return createFileSink(filename, settings.format, settings.maxBytes);
}

exports.createFileSink = createFileSink;
exports.configure = configure;
