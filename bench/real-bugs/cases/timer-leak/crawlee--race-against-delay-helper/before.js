// Case: apify/crawlee (then apifytech/apify-js), fix commit 637237ae48bbb3832dc9b2ac6020042046b8bc06 ("Rework
// timeouts, fix some hanging tests", PR https://github.com/apify/crawlee/pull/265, issue
// https://github.com/apify/crawlee/issues/263). Rewritten in our own code: page handling is bounded by racing it
// against a promise that rejects after a delay (a library's delay promise chained with .then(throw)); when the
// handler wins, nothing clears the delay's timer, and each page leaves one pending until it fires.
import { delayPromise } from 'crawler-shared/utilities';

export const rejectAfter = (timeoutMillis, message) =>
  delayPromise(timeoutMillis).then(() => {
    throw new Error(message);
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
      this.fetchPage(request),
      rejectAfter(this.fetchTimeoutMillis, 'Fetching the page timed out.'),
      this.aborted,
    ]);

    const html = typeof response === 'string' ? response : response.body;
    await Promise.race([
      this.handlePage({ request, html }),
      rejectAfter(this.handleTimeoutMillis, 'Handling the page timed out.'),
      this.aborted,
    ]);
  }
}
