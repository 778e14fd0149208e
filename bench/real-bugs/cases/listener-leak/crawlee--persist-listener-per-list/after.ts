// Case: apify/crawlee, fix commit 63394ee4bca950db1ee1678d3ea2b95ce45f95c5 ("fix(core): remove RequestList persist
// state listener on teardown", https://github.com/apify/crawlee/pull/3846). Rewritten in our own code: the fixed form binds the listener once
// and removes it from the process-wide bus in teardown().
import { EventEmitter } from 'node:events';

export class Settings {
  private static current: Settings | undefined;
  private readonly bus = new EventEmitter();

  static global(): Settings {
    Settings.current ??= new Settings();
    return Settings.current;
  }

  eventBus(): EventEmitter {
    return this.bus;
  }
}

export interface UrlListOptions {
  urls: string[];
  stateKey?: string;
  settings?: Settings;
}

export class UrlList {
  private readonly bus: EventEmitter;
  private readonly urls: string[];
  private readonly stateKey: string | undefined;
  private nextIndex = 0;
  private loading = false;

  private constructor(options: UrlListOptions) {
    this.bus = (options.settings ?? Settings.global()).eventBus();
    this.urls = [...options.urls];
    this.stateKey = options.stateKey;
    this.saveState = this.saveState.bind(this);
  }

  static async open(options: UrlListOptions): Promise<UrlList> {
    const list = new UrlList(options);
    await list.load();
    return list;
  }

  private async load(): Promise<void> {
    if (this.loading) throw new Error('UrlList is already loading');
    this.loading = true;
    await new Promise((resolve) => setImmediate(resolve));
    if (this.stateKey) {
      this.bus.on('persist', this.saveState);
    }
  }

  next(): string | undefined {
    return this.urls[this.nextIndex++];
  }

  /** Removes the 'persist' listener and saves the state one last time. */
  async teardown(): Promise<void> {
    this.bus.off('persist', this.saveState);
    if (this.stateKey) await this.saveState();
  }

  async saveState(): Promise<void> {
    await new Promise((resolve) => setImmediate(resolve));
    console.log('saved', this.stateKey, this.nextIndex);
  }
}
