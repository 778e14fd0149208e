// Case: MicheleBertoli/grunt-po2mo, fix commit 072d0d2870778849bfc1628b946cbd05b80d9007 ("sync execution", issue
// https://github.com/MicheleBertoli/grunt-po2mo/issues/2: "spawn EMFILE"). Rewritten in our own code: a grunt task
// compiles every .po file it is given into a .mo file by starting a msgfmt process per file, all at once.
'use strict';

module.exports = function (grunt) {
  grunt.registerMultiTask('po2mo', 'Compile .po catalogs into binary .mo files with msgfmt.', function () {
    const options = this.options({ deleteSource: false });

    this.files.forEach(function (file) {
      let target = file.dest;
      if (target.indexOf('.po') > -1) {
        target = target.replace('.po', '.mo');
      }
      grunt.file.write(target, '');

      const exec = require('child_process').exec;
      const command = 'msgfmt -o ' + target + ' ' + file.src[0];

      grunt.verbose.writeln('Running: ' + command);
      exec(command);

      if (options.deleteSource) {
        grunt.file.delete(file.src[0]);
      }
    });
  });
};
