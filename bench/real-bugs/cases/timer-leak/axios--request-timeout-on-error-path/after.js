// Case: axios/axios, fix commit fa3c6d22f7a5e0a963119109fccb8d86ad981c03 ("Decorate resolve and reject to clear
// timeout", merged in pull request #1040, fixing #1004 and #459), source https://github.com/axios/axios/pull/1040.
// Rewritten in our own code: the fixed version. resolve and reject are wrapped so that every way the promise settles
// (response, request error, cancellation, oversize body) clears the request timeout.
var http = require('http');
var https = require('https');

function makeError(message, options, code, request) {
  var error = new Error(message);
  error.options = options;
  error.code = code;
  error.request = request;
  return error;
}

module.exports = function nodeTransport(options) {
  return new Promise(function sendRequest(resolvePromise, rejectPromise) {
    var timer;
    var resolve = function resolve(value) {
      clearTimeout(timer);
      resolvePromise(value);
    };
    var reject = function reject(value) {
      clearTimeout(timer);
      rejectPromise(value);
    };
    var body = options.body;

    var target = new URL(options.url);
    var client = target.protocol === 'https:' ? https : http;

    var req = client.request(
      { method: options.method || 'GET', hostname: target.hostname, port: target.port, path: target.pathname + target.search, headers: options.headers || {} },
      function onResponse(res) {
        if (req.destroyed) return;

        var chunks = [];
        res.on('data', function onChunk(chunk) {
          chunks.push(chunk);
          if (options.maxBytes > -1 && Buffer.concat(chunks).length > options.maxBytes) {
            reject(makeError('response larger than ' + options.maxBytes + ' bytes', options, null, req));
          }
        });
        res.on('error', function onStreamError(err) {
          if (req.destroyed) return;
          reject(err);
        });
        res.on('end', function onEnd() {
          var text = Buffer.concat(chunks).toString('utf8');
          var result = { status: res.statusCode, headers: res.headers, data: text, options: options };
          if (res.statusCode >= 200 && res.statusCode < 300) resolve(result);
          else reject(makeError('request failed with status ' + res.statusCode, options, null, req));
        });
      }
    );

    // request errors
    req.on('error', function onRequestError(err) {
      if (req.destroyed) return;
      reject(err);
    });

    // request timeout
    if (options.timeout) {
      timer = setTimeout(function onTimeout() {
        req.destroy();
        reject(makeError('timed out after ' + options.timeout + 'ms', options, 'ECONNABORTED', req));
      }, options.timeout);
    }

    if (options.cancel) {
      options.cancel.promise.then(function onCancel(reason) {
        if (req.destroyed) return;
        req.destroy();
        reject(reason);
      });
    }

    req.end(body);
  });
};
