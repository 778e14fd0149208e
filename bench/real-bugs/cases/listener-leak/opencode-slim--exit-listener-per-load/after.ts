// Case: alvinunreal/oh-my-opencode-slim, fix commit 7180ff72a9854d039df44161e07cb409c5085628 ("fix(companion): dedup
// process exit listener across re-inits", PR https://github.com/alvinunreal/oh-my-opencode-slim/pull/615). Rewritten in
// our own code: the fixed manager keeps its listener, takes off the previous manager's before adding its own, and
// removes its own when it exits.
import { type ChildProcess, spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';

export interface HelperConfig {
  enabled: boolean;
  command: string;
  stateFile: string;
}

let liveExitListener: (() => void) | null = null;

export class HelperManager {
  private child: ChildProcess | null = null;
  private status = 'idle';
  private exitListener: (() => void) | null = null;

  constructor(
    private readonly sessionId: string,
    private readonly config: HelperConfig,
  ) {}

  load(): void {
    if (!this.config.enabled) return;
    if (liveExitListener) process.removeListener('exit', liveExitListener);
    const listener = () => this.onExit();
    process.on('exit', listener);
    liveExitListener = listener;
    this.exitListener = listener;
    this.flush();
    this.child = spawn(this.config.command, [], { stdio: 'ignore', detached: true });
  }

  setStatus(status: string): void {
    this.status = status;
    this.flush();
  }

  onExit(): void {
    if (this.exitListener) {
      process.removeListener('exit', this.exitListener);
      if (liveExitListener === this.exitListener) liveExitListener = null;
      this.exitListener = null;
    }
    if (this.child) {
      this.child.kill();
      this.child = null;
    }
    writeFileSync(this.config.stateFile, JSON.stringify({ session: this.sessionId, status: 'gone' }));
  }

  private flush(): void {
    writeFileSync(this.config.stateFile, JSON.stringify({ session: this.sessionId, status: this.status }));
  }
}
