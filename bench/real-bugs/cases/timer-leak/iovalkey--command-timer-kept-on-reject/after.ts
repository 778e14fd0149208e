// Case: valkey-io/iovalkey, fix commit a79f28c2fbdf606d07c41fcb250a48360c1bfc19 ("clear timeout on rejected command",
// PR https://github.com/valkey-io/iovalkey/pull/36). Rewritten in our own code: the fix clears the timer in a
// `finally` on the command's promise, so it goes whichever way the command settles.
export class QueuedCommand {
  resolve!: (reply: unknown) => void;
  reject!: (error: Error) => void;
  readonly promise: Promise<unknown>;
  private settled = false;
  private timeoutTimer?: ReturnType<typeof setTimeout>;

  constructor(readonly name: string, readonly args: readonly string[]) {
    this.promise = new Promise((resolve, reject) => {
      this.resolve = this.convertReply(resolve);
      this.reject = reject;
    }).finally(() => {
      const timer = this.timeoutTimer;
      if (timer) {
        clearTimeout(timer);
        delete this.timeoutTimer;
      }
    });
  }

  setTimeout(ms: number): void {
    if (!this.timeoutTimer) {
      this.timeoutTimer = setTimeout(() => {
        if (!this.settled) this.reject(new Error(`${this.name} timed out`));
      }, ms);
    }
  }

  private convertReply(resolve: (value: unknown) => void): (reply: unknown) => void {
    return (reply) => {
      try {
        resolve(typeof reply === 'string' ? reply.trim() : reply);
        this.settled = true;
      } catch (error) {
        this.reject(error as Error);
      }
    };
  }
}
