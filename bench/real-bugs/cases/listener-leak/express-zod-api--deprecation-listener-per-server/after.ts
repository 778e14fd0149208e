// Case: RobinTail/express-zod-api, fix commit 4e48123afdb442ecf81dcbaf89983571163cb69b ("fix(mem): Prevent multiple
// deprecation listeners (#3490)"), source https://github.com/RobinTail/express-zod-api/pull/3490. Rewritten in our own
// code: the fixed version. A module-level flag makes the process-wide 'deprecation' listener install once per process.
export interface Log {
  debug(message: string, meta?: object): void;
  warn(message: string, meta?: object): void;
}

export interface ApiSettings {
  readonly log: Log;
  readonly port?: number;
}

export interface DeprecationNotice {
  readonly message: string;
  readonly namespace: string;
  readonly name: string;
  readonly stack: string;
}

let watchingDeprecations = false;
export const watchDeprecations = (log: Log) => {
  if (watchingDeprecations) return;
  watchingDeprecations = true;
  process.on('deprecation', ({ message, namespace, name, stack }: DeprecationNotice) =>
    log.warn(`${name} (${namespace}): ${message}`, { frames: stack.split('\n').slice(1) }),
  );
};

const prepareShared = (settings: ApiSettings) => {
  const { log } = settings;
  log.debug('Starting', { env: process.env.NODE_ENV ?? 'development' });
  watchDeprecations(log);
  return { log };
};

export const mountRoutes = (settings: ApiSettings) => {
  const { log } = prepareShared(settings);
  return { log };
};

export const startServer = async (settings: ApiSettings) => {
  const { log } = prepareShared(settings);
  await new Promise<void>((resolve) => setImmediate(resolve));
  log.debug('Listening', { port: settings.port ?? 8080 });
  return { log };
};
