// Case: Oolab-labs/patchwork-os, fix commit 2db943b9b9ca83868f44b6d750260cabe12793d9 ("a stopped bridge kept its
// process handlers installed", PR https://github.com/Oolab-labs/patchwork-os/pull/1417, issue #1386). Rewritten in our
// own code: start() installs signal and crash handlers on the process (replacing only another bridge's set); stop()
// removes none, so a stopped bridge's handlers stay live and a later uncaught exception anywhere runs the dead
// bridge's shutdown, which exits the process.
import type { Server } from 'node:http';

interface ProcessHooks {
  readonly onSignal: () => void;
  readonly onRejection: (reason: unknown) => void;
  readonly onCrash: (error: Error) => void;
}

let installedHooks: ProcessHooks | null = null;

export class EditorBridge {
  private stopped = false;

  constructor(private readonly server: Server) {}

  start(port: number): void {
    if (installedHooks) {
      process.removeListener('SIGINT', installedHooks.onSignal);
      process.removeListener('SIGTERM', installedHooks.onSignal);
      process.removeListener('unhandledRejection', installedHooks.onRejection);
      process.removeListener('uncaughtException', installedHooks.onCrash);
    }
    const hooks: ProcessHooks = {
      onSignal: () => void this.shutdown(0),
      onRejection: (reason) => console.error('unhandled rejection', reason),
      onCrash: (error) => {
        console.error('fatal', error);
        void this.shutdown(1);
      },
    };
    process.on('SIGINT', hooks.onSignal);
    process.on('SIGTERM', hooks.onSignal);
    process.on('unhandledRejection', hooks.onRejection);
    process.on('uncaughtException', hooks.onCrash);
    installedHooks = hooks;
    this.server.listen(port);
  }

  async stop(): Promise<void> {
    if (this.stopped) return;
    this.stopped = true;
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private async shutdown(code: number): Promise<void> {
    await this.stop();
    process.exit(code);
  }
}
