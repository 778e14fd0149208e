// Case: apify/crawlee (then apifytech/apify-js), fix commit 637237ae48bbb3832dc9b2ac6020042046b8bc06 ("Rework
// timeouts, fix some hanging tests", PR https://github.com/apify/crawlee/pull/265, issue
// https://github.com/apify/crawlee/issues/263). Rewritten in our own code: the fixed crawler wraps each promise with
// a timeout whose timer is cleared as soon as the promise settles either way.
export const withTimeout = (promise, timeoutMillis, message) =>
  new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(message)), timeoutMillis);
    promise.then(
      (value) => {
        clearTimeout(timer);
        resolve(value);
      },
      (reason) => {
        clearTimeout(timer);
        reject(reason);
      },
    );
  });

export class PageCrawler {
  constructor({ fetchPage, handlePage, fetchTimeoutMillis = 30000, handleTimeoutMillis = 60000 }) {
    this.fetchPage = fetchPage;
    this.handlePage = handlePage;
    this.fetchTimeoutMillis = fetchTimeoutMillis;
    this.handleTimeoutMillis = handleTimeoutMillis;
    this.running = true;
    this.aborted = new Promise((resolve, reject) => {
      this.abortWith = reject;
    });
    this.aborted.catch(() => {});
  }

  abort() {
    this.running = false;
    this.abortWith(new Error('The crawler was aborted.'));
  }

  async crawl(request) {
    if (!this.running) throw new Error('The crawler is stopped.');

    const response = await Promise.race([
      withTimeout(this.fetchPage(request), this.fetchTimeoutMillis, 'Fetching the page timed out.'),
      this.aborted,
    ]);

    const html = typeof response === 'string' ? response : response.body;
    await Promise.race([
      withTimeout(this.handlePage({ request, html }), this.handleTimeoutMillis, 'Handling the page timed out.'),
      this.aborted,
    ]);
  }
}
