// Case: denali-js/core, fix commit 8f2e16c93c89b7b84617f31c75ed6c689cda6800 ("stop leaking event emitters for server
// command", fixes https://github.com/denali-js/core/issues/215), file commands/server.js. The fixed code: the process
// handlers are added once, by `run`, and kill whichever child is current.
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
    process.on('exit', this.cleanExit.bind(this));
    process.on('SIGINT', this.cleanExit.bind(this));
    process.on('SIGTERM', this.cleanExit.bind(this));
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

  cleanExit() {
    if (this.child) this.child.kill();
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
  }
}
