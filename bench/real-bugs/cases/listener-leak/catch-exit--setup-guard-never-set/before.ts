// Case: electrovir/catch-exit, fix commit 15b494a0c9c1e5ac5637a4110faf82462135d9d6 ("fix test-setting-up-tons test"; issue
// https://github.com/electrovir/catch-exit/issues/2 "process listener sets itself up multiple times"). Rewritten in our
// own code: the set-up guard is checked but never set, so every registered exit callback adds the process's signal,
// 'exit' and 'uncaughtException' handlers again (MaxListenersExceededWarning: 11 SIGHUP listeners added to [process]).

export type ShutdownHook = (reason: string, code?: number) => void;

const hooks: ShutdownHook[] = [];
const trappedSignals = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;
let installed = false;
let exiting = false;

function runHooks(reason: string, code?: number): void {
  if (exiting) return;
  exiting = true;
  for (const hook of hooks) hook(reason, code);
  process.exit(code);
}

function installProcessHandlers(): void {
  if (installed) {
    return;
  }
  for (const signal of trappedSignals) {
    process.on(signal, () => runHooks(signal, 130));
  }
  process.on('exit', (code) => runHooks('exit', code));
  process.on('uncaughtException', (error) => {
    console.error(error);
    runHooks('uncaughtException', 1);
  });
}

/** Registers a hook to run when the process exits or is killed. */
export function onShutdown(hook: ShutdownHook): ShutdownHook {
  installProcessHandlers();
  hooks.push(hook);
  return hook;
}

/** Removes a hook added with {@link onShutdown}. */
export function offShutdown(hook: ShutdownHook): void {
  installProcessHandlers();
  const index = hooks.indexOf(hook);
  if (index >= 0) hooks.splice(index, 1);
}
