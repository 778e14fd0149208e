// Case: alvinunreal/oh-my-opencode-slim, fix commit 7180ff72a9854d039df44161e07cb409c5085628 ("fix(companion): dedup
// process exit listener across re-inits", PR https://github.com/alvinunreal/oh-my-opencode-slim/pull/615). Rewritten in
// our own code: each manager's load adds a process 'exit' listener that closes over the manager; the plugin is
// re-initialised with a new manager on every config change, so listeners and old managers pile up.
import { type ChildProcess, spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';

export interface HelperConfig {
  enabled: boolean;
  command: string;
  stateFile: string;
}

export class HelperManager {
  private child: ChildProcess | null = null;
  private status = 'idle';

  constructor(
    private readonly sessionId: string,
    private readonly config: HelperConfig,
  ) {}

  load(): void {
    if (!this.config.enabled) return;
    process.on('exit', () => this.onExit());
    this.flush();
    this.child = spawn(this.config.command, [], { stdio: 'ignore', detached: true });
  }

  setStatus(status: string): void {
    this.status = status;
    this.flush();
  }

  onExit(): void {
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
