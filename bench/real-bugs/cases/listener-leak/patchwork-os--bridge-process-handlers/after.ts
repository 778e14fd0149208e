// Case: Oolab-labs/patchwork-os, fix commit 2db943b9b9ca83868f44b6d750260cabe12793d9 ("a stopped bridge kept its
// process handlers installed", PR https://github.com/Oolab-labs/patchwork-os/pull/1417, issue #1386). Fixed: the bridge
// remembers its own handler set and stop() removes exactly that set.
import type { Server } from 'node:http';

interface ProcessHooks {
  readonly onSignal: () => void;
  readonly onRejection: (reason: unknown) => void;
  readonly onCrash: (error: Error) => void;
}

let installedHooks: ProcessHooks | null = null;

export class EditorBridge {
  private stopped = false;
  private ownHooks: ProcessHooks | null = null;

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
    this.ownHooks = hooks;
    this.server.listen(port);
  }

  private detachProcessHooks(): void {
    const own = this.ownHooks;
    if (!own) return;
    process.removeListener('SIGINT', own.onSignal);
    process.removeListener('SIGTERM', own.onSignal);
    process.removeListener('unhandledRejection', own.onRejection);
    process.removeListener('uncaughtException', own.onCrash);
    if (installedHooks === own) installedHooks = null;
    this.ownHooks = null;
  }

  async stop(): Promise<void> {
    if (this.stopped) return;
    this.stopped = true;
    this.detachProcessHooks();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private async shutdown(code: number): Promise<void> {
    await this.stop();
    process.exit(code);
  }
}
