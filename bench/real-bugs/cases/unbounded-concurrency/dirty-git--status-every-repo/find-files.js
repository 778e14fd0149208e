// A glob over a folder (the original used the glob package's callback API).
const fs = require('fs');
const path = require('path');

function findAll(pattern, root, callback) {
  const name = path.basename(pattern);
  const found = [];
  function walk(dir) {
    for (const entry of fs.readdirSync(path.join(root, dir), { withFileTypes: true })) {
      const rel = path.join(dir, entry.name);
      if (entry.name === name) found.push(rel);
      else if (entry.isDirectory()) walk(rel);
    }
  }
  try {
    walk('.');
  } catch (err) {
    return callback(err);
  }
  return callback(null, found);
}

module.exports = { findAll };
