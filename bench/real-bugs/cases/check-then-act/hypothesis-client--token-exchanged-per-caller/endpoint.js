'use strict';

function join(base, path) {
  return base.replace(/\/$/, '') + '/' + path;
}

module.exports = { join: join };
