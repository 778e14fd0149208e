// Case: berniegp/mock-xmlhttprequest, fix commit d737efeb695361e0efbbdad8453e11f89fa90d44 ("Clear timeout timer when a
// request terminates", issue https://github.com/berniegp/mock-xmlhttprequest/issues/48, PR #49). Rewritten in our own
// code: a mock request arms its timeout timer in a field and clears it only before arming it again; when the request
// completes or is aborted the timer stays armed, and jest reports an open handle.
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
  }

  private finish(outcome: string): void {
    console.debug(`request finished: ${outcome}`);
  }

  private scheduleTimeout(): void {
    if (this.timeoutTask) {
      clearTimeout(this.timeoutTask);
    }
    if (this.timeoutMs > 0) {
      const delay = Math.max(0, this.timeoutMs - (Date.now() - this.startedAt));
      this.timeoutTask = setTimeout(() => {
        if (this.sending) this.current?.timedOut();
        delete this.timeoutTask;
      }, delay);
    }
  }
}
