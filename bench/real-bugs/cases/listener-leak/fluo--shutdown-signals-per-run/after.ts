// Case: fluojs/fluo, fix commit fab5bd2399c63953c3283b39775a9a088d9963f3 ("fix(platform-fastify): unregister shutdown
// listeners on close", https://github.com/fluojs/fluo/issues/398), file packages/platform-fastify/src/adapter.ts. The
// fixed code: the handlers are kept, and the application's `close` takes them off the process once.
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
  const stopListening = closeOnSignals(app, logger, signals);
  const close = app.close.bind(app);
  let released = false;
  app.close = async (reason?: string) => {
    if (!released) {
      stopListening();
      released = true;
    }
    await close(reason);
  };
  return app;
}

function closeOnSignals(app: App, logger: Logger, signals: false | readonly ShutdownSignal[]): () => void {
  if (signals === false) return () => {};
  const added: Array<{ signal: ShutdownSignal; handler: () => void }> = [];
  for (const signal of new Set(signals)) {
    const handler = () => {
      app
        .close(signal)
        .then(() => logger.log(`Closed after ${signal}.`))
        .catch((error: unknown) => logger.error(`Failed to close after ${signal}.`, error));
    };
    added.push({ signal, handler });
    process.once(signal, handler);
  }
  return () => {
    for (const { signal, handler } of added) process.off(signal, handler);
  };
}
