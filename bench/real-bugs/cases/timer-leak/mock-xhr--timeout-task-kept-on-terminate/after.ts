// Case: berniegp/mock-xmlhttprequest, fix commit d737efeb695361e0efbbdad8453e11f89fa90d44 ("Clear timeout timer when a
// request terminates", issue https://github.com/berniegp/mock-xmlhttprequest/issues/48, PR #49). Rewritten in our own
// code: the fix clears the timeout task whenever the request terminates.
export class FakeRequest {
  private timeoutMs = 0;
  private startedAt = 0;
  private sending = false;
  private current?: { timedOut(): void };
  private timeoutTask?: ReturnType<typeof setTimeout>;

  set timeout(ms: number) {
    this.timeoutMs = ms;
    if (this.sending) this.scheduleTimeout();
  }

  send(): void {
    this.sending = true;
    this.startedAt = Date.now();
    this.current = { timedOut: () => this.finish('timeout') };
    this.scheduleTimeout();
  }

  respond(status: number): void {
    this.sending = false;
    this.terminate();
    this.finish(String(status));
  }

  abort(): void {
    this.terminate();
    this.sending = false;
    this.finish('abort');
  }

  private terminate(): void {
    delete this.current;
    this.clearScheduledTimeout();
  }

  private finish(outcome: string): void {
    console.debug(`request finished: ${outcome}`);
  }

  private scheduleTimeout(): void {
    this.clearScheduledTimeout();
    if (this.timeoutMs > 0) {
      const delay = Math.max(0, this.timeoutMs - (Date.now() - this.startedAt));
      this.timeoutTask = setTimeout(() => {
        if (this.sending) this.current?.timedOut();
      }, delay);
    }
  }

  private clearScheduledTimeout(): void {
    if (this.timeoutTask) {
      clearTimeout(this.timeoutTask);
    }
    delete this.timeoutTask;
  }
}
