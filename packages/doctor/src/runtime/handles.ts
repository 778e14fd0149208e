import net from 'node:net';
import timers from 'node:timers';
import { syncBuiltinESMExports } from 'node:module';
import { promisify } from 'node:util';
import { clock, currentOperation } from '../operations.js';
import { captureSite, siteFrames, visibleFrames, type CapturedSite } from '../stack.js';
import type { Finding, OperationRef } from '../types.js';

interface Site {
  readonly kind: 'timeout' | 'interval' | 'server' | 'socket';
  readonly site: CapturedSite;
  readonly atMs: number;
  readonly delayMs: number;
  readonly operation: OperationRef | undefined;
}

interface TimerLike {
  hasRef(): boolean;
  readonly _destroyed?: boolean;
}

interface HandleLike {
  _handle?: { hasRef?: () => boolean } | null;
}

/** Resource types Node itself keeps (stdio, DNS, fs requests, signal watchers): never a culprit. */
const internalResourceTypes = new Set([
  'TTYWrap',
  'PipeWrap',
  'FSReqCallback',
  'FSReqPromise',
  'FileHandle',
  'Immediate',
  'GetAddrInfoReqWrap',
  'GetNameInfoReqWrap',
  'QueryReqWrap',
  'ShutdownWrap',
  'WriteWrap',
  'SignalWrap',
  'CloseReq',
  'ZlibWrite',
]);

const attributedTypes: Readonly<Record<Site['kind'], string>> = {
  timeout: 'Timeout',
  interval: 'Timeout',
  server: 'TCPServerWrap',
  socket: 'TCPSocketWrap',
};

type TimerFunction = (callback: (...args: unknown[]) => void, ms?: number, ...args: unknown[]) => TimerLike;
type ClearFunction = (timer: unknown) => void;

const sweepEvery = 1024;

/**
 * Knows where every timer, server and client socket was created, so the handles that keep a process alive can be
 * named with their creation sites. Captures one unformatted stack per creation (formatted only when reported).
 */
export class HandleTracker {
  readonly #timers = new Map<TimerLike, Site>();
  readonly #servers = new Map<net.Server, Site>();
  readonly #sockets = new Map<net.Socket, Site>();
  readonly #restore: (() => void)[] = [];

  install(): void {
    const liveTimers = this.#timers;
    const track = (kind: Site['kind'], key: object, site: CapturedSite, ms: unknown) => {
      if (kind === 'server') this.#track(this.#servers, key as net.Server, kind, site, ms);
      else if (kind === 'socket') this.#track(this.#sockets, key as net.Socket, kind, site, ms);
      else this.#track(this.#timers, key as TimerLike, kind, site, ms);
    };
    const globals = globalThis as unknown as Record<string, unknown>;
    const originalSetTimeout = globalThis.setTimeout as unknown as TimerFunction;
    const originalSetInterval = globalThis.setInterval as unknown as TimerFunction;
    const originalClearTimeout = globalThis.clearTimeout as unknown as ClearFunction;
    const originalClearInterval = globalThis.clearInterval as unknown as ClearFunction;

    function setTimeoutTracked(
      this: unknown,
      callback: (...args: unknown[]) => void,
      ms?: number,
      ...args: unknown[]
    ) {
      const timer = originalSetTimeout.call(this, callback, ms, ...args);
      track('timeout', timer, captureSite(setTimeoutTracked), ms);
      return timer;
    }
    function setIntervalTracked(
      this: unknown,
      callback: (...args: unknown[]) => void,
      ms?: number,
      ...args: unknown[]
    ) {
      const timer = originalSetInterval.call(this, callback, ms, ...args);
      track('interval', timer, captureSite(setIntervalTracked), ms);
      return timer;
    }
    function clearTimeoutTracked(this: unknown, timer: unknown) {
      if (typeof timer === 'object' && timer !== null) liveTimers.delete(timer as TimerLike);
      originalClearTimeout.call(this, timer);
    }
    function clearIntervalTracked(this: unknown, timer: unknown) {
      if (typeof timer === 'object' && timer !== null) liveTimers.delete(timer as TimerLike);
      originalClearInterval.call(this, timer);
    }
    // `util.promisify(setTimeout)` relies on this symbol; keep it.
    for (const [tracked, original] of [
      [setTimeoutTracked, originalSetTimeout],
      [setIntervalTracked, originalSetInterval],
    ] as const) {
      const custom = (original as unknown as Record<symbol, unknown>)[promisify.custom];
      if (custom !== undefined) Object.defineProperty(tracked, promisify.custom, { value: custom });
    }
    const replacements: [string, unknown][] = [
      ['setTimeout', setTimeoutTracked],
      ['setInterval', setIntervalTracked],
      ['clearTimeout', clearTimeoutTracked],
      ['clearInterval', clearIntervalTracked],
    ];
    const timerModule = timers as unknown as Record<string, unknown>;
    for (const [name, replacement] of replacements) {
      const globalOriginal = globals[name];
      const moduleOriginal = timerModule[name];
      globals[name] = replacement;
      timerModule[name] = replacement;
      this.#restore.push(() => {
        globals[name] = globalOriginal;
        timerModule[name] = moduleOriginal;
      });
    }
    syncBuiltinESMExports();

    const serverPrototype = net.Server.prototype as unknown as Record<string, unknown>;
    const originalListen = serverPrototype['listen'] as (...args: unknown[]) => net.Server;
    function listenTracked(this: net.Server, ...args: unknown[]): net.Server {
      track('server', this, captureSite(listenTracked), 0);
      return Reflect.apply(originalListen, this, args);
    }
    serverPrototype['listen'] = listenTracked;
    const socketPrototype = net.Socket.prototype as unknown as Record<string, unknown>;
    const originalConnect = socketPrototype['connect'] as (...args: unknown[]) => net.Socket;
    function connectTracked(this: net.Socket, ...args: unknown[]): net.Socket {
      track('socket', this, captureSite(connectTracked), 0);
      return Reflect.apply(originalConnect, this, args);
    }
    socketPrototype['connect'] = connectTracked;
    this.#restore.push(() => {
      serverPrototype['listen'] = originalListen;
      socketPrototype['connect'] = originalConnect;
    });
  }

  uninstall(): void {
    for (const restore of this.#restore.splice(0).reverse()) restore();
    syncBuiltinESMExports();
  }

  #track<K extends object>(
    map: Map<K, Site>,
    key: K,
    kind: Site['kind'],
    site: CapturedSite,
    ms: unknown,
  ): void {
    map.set(key, {
      kind,
      site,
      atMs: clock(),
      delayMs: typeof ms === 'number' && Number.isFinite(ms) ? ms : 1,
      operation: currentOperation(),
    });
    if (map.size % sweepEvery === 0) this.#sweep();
  }

  /** Forgets handles that are done (fired timeouts, closed servers and sockets). */
  #sweep(): void {
    for (const timer of this.#timers.keys()) if (timer._destroyed === true) this.#timers.delete(timer);
    for (const server of this.#servers.keys()) if (!server.listening) this.#servers.delete(server);
    for (const socket of this.#sockets.keys()) if (socket.destroyed) this.#sockets.delete(socket);
  }

  /** The handles that keep the process alive now, each a `timer-leak` finding with its creation site. */
  findings(): Finding[] {
    this.#sweep();
    const findings: Finding[] = [];
    const attributed = new Map<string, number>();
    const now = clock();
    const add = (site: Site, message: string, data: Record<string, string | number | boolean>) => {
      const type = attributedTypes[site.kind];
      attributed.set(type, (attributed.get(type) ?? 0) + 1);
      findings.push({
        kind: 'live-handle',
        pitfall: 'timer-leak',
        severity: 'warning',
        message,
        frames: visibleFrames(siteFrames(site.site)),
        related: [],
        operation: site.operation,
        atMs: site.atMs,
        data: { handle: site.kind, ...data },
      });
    };
    for (const [timer, site] of this.#timers) {
      if (timer._destroyed === true || !timer.hasRef()) continue;
      if (site.kind === 'timeout' && now >= site.atMs + site.delayMs) {
        // Due: it is firing right now (a `process.exit()` inside its callback), not leaking.
        attributed.set('Timeout', (attributed.get('Timeout') ?? 0) + 1);
        continue;
      }
      const what =
        site.kind === 'interval' ? `An interval (every ${site.delayMs} ms)` : `A ${site.delayMs} ms timeout`;
      add(site, `${what} is still active and keeps the process alive`, { delayMs: site.delayMs });
    }
    for (const [server, site] of this.#servers) {
      if (!server.listening || !hasRef(server)) continue;
      const address = server.address();
      const where =
        typeof address === 'string' ? address : address === null ? '' : `${address.address}:${address.port}`;
      add(
        site,
        `A server${where === '' ? '' : ` on ${where}`} is still listening and keeps the process alive`,
        {
          address: where,
        },
      );
    }
    for (const [socket, site] of this.#sockets) {
      if (socket.destroyed || !hasRef(socket)) continue;
      const where =
        socket.remoteAddress === undefined ? '' : `${socket.remoteAddress}:${socket.remotePort ?? ''}`;
      add(site, `A socket${where === '' ? '' : ` to ${where}`} is still open and keeps the process alive`, {
        remote: where,
      });
    }
    const counts = new Map<string, number>();
    for (const type of process.getActiveResourcesInfo()) counts.set(type, (counts.get(type) ?? 0) + 1);
    for (const [type, count] of counts) {
      if (internalResourceTypes.has(type)) continue;
      const unexplained = count - (attributed.get(type) ?? 0);
      if (unexplained <= 0) continue;
      findings.push({
        kind: 'live-handle',
        pitfall: type === 'Timeout' ? 'timer-leak' : undefined,
        severity: 'info',
        message: `${unexplained} ${type} handle${unexplained === 1 ? '' : 's'} still active (created before the doctor started or by native code)`,
        frames: [],
        related: [],
        operation: undefined,
        atMs: clock(),
        data: { handle: type, count: unexplained },
      });
    }
    return findings;
  }
}

function hasRef(handle: object): boolean {
  const native = (handle as HandleLike)._handle;
  if (native === null || native === undefined) return false;
  return native.hasRef?.() ?? true;
}
