// Case: denali-js/core, fix commit 8f2e16c93c89b7b84617f31c75ed6c689cda6800 ("stop leaking event emitters for server
// command", fixes https://github.com/denali-js/core/issues/215), file commands/server.js. Rewritten in our own code: the
// dev server command restarts the app's child process after every rebuild, and each restart adds one more 'exit'
// handler to the process (holding that child) that is never removed.
import { spawn } from 'node:child_process';

export default class ServeCommand {
  /** @type {import('node:child_process').ChildProcess | undefined} */
  child;

  /**
   * @param {{ watch(options: { outputDir: string, onBuild: () => void }): void, build(dir: string): Promise<void> }} project
   * @param {{ output: string, watch: boolean, port: number }} flags
   */
  run(project, flags) {
    this.port = flags.port;
    if (flags.watch) {
      project.watch({
        outputDir: flags.output,
        onBuild: () => {
          if (this.child) {
            this.child.removeAllListeners('exit');
            this.child.kill();
          }
          this.launch(flags.output);
        },
      });
    } else {
      project.build(flags.output).then(() => {
        this.launch(flags.output);
      });
    }
  }

  /** @param {string} dir */
  launch(dir) {
    this.child = spawn('node', ['app/index.js'], {
      cwd: dir,
      stdio: ['pipe', 'inherit', 'inherit'],
      env: { ...process.env, PORT: String(this.port) },
    });
    this.child.on('exit', (code) => {
      console.error(`Server ${code === 0 ? 'exited' : 'crashed'}; waiting for changes to restart`);
    });
    process.on('exit', () => {
      if (this.child) this.child.kill();
    });
  }
}
