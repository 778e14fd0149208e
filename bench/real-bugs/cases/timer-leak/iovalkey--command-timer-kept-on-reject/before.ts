// Case: valkey-io/iovalkey, fix commit a79f28c2fbdf606d07c41fcb250a48360c1bfc19 ("clear timeout on rejected command",
// PR https://github.com/valkey-io/iovalkey/pull/36). Rewritten in our own code: a command arms a timeout timer that
// rejects it, kept in a field; the timer is cleared on the path that resolves the command, but a command that is
// rejected (an error reply, a closed connection) leaves its timer running until it fires.
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
        const timer = this.timeoutTimer;
        if (timer) {
          clearTimeout(timer);
          delete this.timeoutTimer;
        }
        resolve(typeof reply === 'string' ? reply.trim() : reply);
        this.settled = true;
      } catch (error) {
        this.reject(error as Error);
      }
    };
  }
}
