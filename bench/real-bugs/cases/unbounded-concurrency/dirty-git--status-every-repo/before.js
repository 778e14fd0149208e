// Case: mmckegg/dirty-git, fix commit f06b254382ee784b4600dc196dbe8dbd2d7c2535 ("speed, batch processing, only go 4
// levels deep"). Rewritten in our own code: the command finds every git repository below a folder and runs
// `git status` in each of them at once, one child process per repository; below a large folder the spawns fail with
// EMFILE.
const { execFile } = require('child_process');
const path = require('path');
const { findAll } = require('./find-files');

module.exports = function dirtyRepos(root, done) {
  const dirty = [];
  findAll('**/.git', root, (err, gitDirs) => {
    if (err) return done(err);
    let running = 0;
    gitDirs.forEach((gitDir) => {
      const repo = path.join(root, path.dirname(gitDir));
      if (repo.includes('node_modules')) return;
      running += 1;
      execFile('git', ['status', '--porcelain'], { cwd: repo }, (statusErr, stdout) => {
        if (!statusErr && stdout.trim() !== '') dirty.push(repo);
        running -= 1;
        if (running === 0) done(null, dirty);
      });
    });
    if (running === 0) done(null, dirty);
  });
};
