// Case: nitaigao/gulp-s3, fix commit 6f7ddfb81a8fe199affdff7861415349fc37a5d3 ("upload files in sync"; earlier
// attempt https://github.com/nitaigao/gulp-s3/pull/19). Rewritten in our own code: an asynchronous transform that
// passes each file on only once its upload has answered, so the stream's back-pressure paces the uploads.
'use strict';
const es = require('event-stream');
const knox = require('knox');

module.exports = function upload(credentials, options) {
  const settings = options || {};
  const client = knox.createClient(credentials);

  return es.map(function (file, done) {
    if (!file.isBuffer()) {
      return done(null, file);
    }
    const target = file.path.replace(file.base, settings.uploadPath || '').replace(/\\/g, '/');
    const headers = { 'x-amz-acl': 'public-read', 'Content-Length': file.stat.size };

    client.putBuffer(file.contents, target, headers, function (error, response) {
      if (error || response.statusCode !== 200) {
        console.error('[FAILED]', file.path, '->', target);
      } else {
        console.log('[SUCCESS]', file.path, '->', target);
        response.resume();
      }
      done(null, file);
    });
  });
};
