// Case: percy/percy-agent, fix commit 2d918a92fd725a83284a5b608a426a20cd417c28 ("test: Avoid superagent double
// callback warning (#190)"; https://github.com/percy/percy-agent/pull/190).
// The code just before the fix, rewritten in our own code: a test sends a request with a superagent-style builder by
// calling end() with a callback and also awaits the builder, and each of end() and then() sends the request, so it
// goes out twice.
import { request } from 'http-test-client';

declare function describe(title: string, body: () => void): void;
declare function it(title: string, body: () => Promise<void>): void;

function assert(condition: boolean, message: string): asserts condition {
  if (!condition) throw new Error(message);
}

const siteUrl = 'http://127.0.0.1:9797';

describe('static site server', () => {
  it('serves the site on the chosen port', async () => {
    await request(siteUrl)
      .get('/')
      .end((error, response) => {
        assert(error === null, 'no error');
        assert(response.status === 200, 'status 200');
        assert(/text\/html/.test(response.headers['content-type'] ?? ''), 'an html page');
      });
  });
});
