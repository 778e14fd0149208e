// Case: mmckegg/dirty-git, fix commit f06b254382ee784b4600dc196dbe8dbd2d7c2535 ("speed, batch processing, only go 4
// levels deep"). Rewritten in our own code: the fix keeps at most fifty `git status` processes running and queues the
// rest.
const { execFile } = require('child_process');
const path = require('path');
const { findAll } = require('./find-files');

const MAX_RUNNING = 50;

module.exports = function dirtyRepos(root, done) {
  const dirty = [];
  findAll('**/.git', root, (err, gitDirs) => {
    if (err) return done(err);
    const waiting = gitDirs
      .map((gitDir) => path.join(root, path.dirname(gitDir)))
      .filter((repo) => !repo.includes('node_modules'));
    let running = 0;

    function next() {
      if (waiting.length === 0 && running === 0) return done(null, dirty);
      while (waiting.length > 0 && running < MAX_RUNNING) {
        const repo = waiting.shift();
        running += 1;
        execFile('git', ['status', '--porcelain'], { cwd: repo }, (statusErr, stdout) => {
          if (!statusErr && stdout.trim() !== '') dirty.push(repo);
          running -= 1;
          next();
        });
      }
    }

    next();
  });
};
