// Case: fluojs/fluo, fix commit fab5bd2399c63953c3283b39775a9a088d9963f3 ("fix(platform-fastify): unregister shutdown
// listeners on close", https://github.com/fluojs/fluo/issues/398), file packages/platform-fastify/src/adapter.ts.
// Rewritten in our own code: each application run adds one process handler per shutdown signal, holding that
// application, and closing the application leaves them there: repeated runs (tests, hot restarts) pile them up and a
// later SIGTERM closes applications that are long gone.
export interface Logger {
  log(message: string): void;
  error(message: string, error: unknown): void;
}

export interface App {
  listen(): Promise<void>;
  close(reason?: string): Promise<void>;
  readonly state: 'ready' | 'listening' | 'closed';
}

export type ShutdownSignal = 'SIGINT' | 'SIGTERM';

export async function runApplication(
  create: () => Promise<App>,
  logger: Logger,
  signals: false | readonly ShutdownSignal[] = ['SIGINT', 'SIGTERM'],
): Promise<App> {
  const app = await create();
  try {
    await app.listen();
  } catch (error) {
    if (app.state !== 'closed') await app.close('bootstrap-failed');
    throw error;
  }
  closeOnSignals(app, logger, signals);
  return app;
}

function closeOnSignals(app: App, logger: Logger, signals: false | readonly ShutdownSignal[]): void {
  if (signals === false) return;
  for (const signal of new Set(signals)) {
    process.once(signal, () => {
      app
        .close(signal)
        .then(() => logger.log(`Closed after ${signal}.`))
        .catch((error: unknown) => logger.error(`Failed to close after ${signal}.`, error));
    });
  }
}
