// Case: nitaigao/gulp-s3, fix commit 6f7ddfb81a8fe199affdff7861415349fc37a5d3 ("upload files in sync"; earlier
// attempt https://github.com/nitaigao/gulp-s3/pull/19). Rewritten in our own code: the plugin's stream transform
// starts an S3 upload for every file that flows through it and passes the file on at once, so a build of thousands
// of files has thousands of uploads in flight.
'use strict';
const es = require('event-stream');
const knox = require('knox');

module.exports = function upload(credentials, options) {
  const settings = options || {};
  const client = knox.createClient(credentials);

  return es.mapSync(function (file) {
    if (!file.isBuffer()) {
      return file;
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
    });

    return file;
  });
};
