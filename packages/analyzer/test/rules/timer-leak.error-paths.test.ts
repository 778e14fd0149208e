import { describe, it } from 'vitest';
import { ruleTester } from '../support/rule-tester.js';

// An operation object (a request, a scan) that reports its end as events: a field timer cleared where the result is
// emitted must be cleared where `error` is emitted too. The shapes come from public fixes (rewritten here):
// follow-redirects cleared its request timeout when the final response was processed but not when the request failed
// (fixed by clearing it in the error path too); a port scanner stopped its elapsed-time interval in the method that
// emits 'complete' but not on the paths that emit 'error'.
const tester = ruleTester('timer-leak', { suffix: '\nexport {};\n' });
const js = { fileName: 'request.js', prelude: '', suffix: '' } as const;

const request = (failBody: string) =>
  `const { EventEmitter } = require('node:events');\nclass Request extends EventEmitter {\n  setTimeout(ms) {\n    const self = this;\n    function start() {\n      clearTimeout(self.timer);\n      self.timer = /*!*/setTimeout(function () {\n        self.emit('timeout');\n      }, ms);\n    }\n    start();\n    return this;\n  }\n  finish(response) {\n    this.emit('response', response);\n    clearTimeout(this.timer);\n  }\n  fail(error) {\n${failBody}  }\n}\nmodule.exports = { Request };`;

const scan = (errorPath: string) =>
  `import { EventEmitter } from 'node:events';\nexport class Scan extends EventEmitter {\n  private ticker?: ReturnType<typeof setInterval>;\n  private elapsed = 0;\n  start(limitMs: number) {\n    this.ticker = /*!*/setInterval(() => {\n      this.elapsed += 10;\n      if (this.elapsed > limitMs) this.emit('timeout');\n    }, 10);\n  }\n  private stopTicker() {\n    clearInterval(this.ticker);\n  }\n  parse(text: string) {\n    let report: unknown;\n    try {\n      report = JSON.parse(text);\n    } catch (error) {\n${errorPath}      this.emit('error', error);\n      return;\n    }\n    this.stopTicker();\n    this.emit('complete', report);\n  }\n}`;

describe('timer-leak: a field timer cleared where the result is emitted, not where the error is', () => {
  it('reports JavaScript: a request timeout kept when the request fails (follow-redirects)', () => {
    tester.expectInvalid({
      code: request("    this.emit('error', error);\n"),
      messageId: 'errorPathTimer',
      ...js,
    });
  });
  it('reports TypeScript: an interval stopped by a helper the success path calls', () => {
    tester.expectInvalid({ code: scan(''), messageId: 'errorPathTimer' });
  });

  it('leaves JavaScript: the failure path clears too (follow-redirects, fixed)', () => {
    tester.expectValid({
      code: request("    clearTimeout(this.timer);\n    this.emit('error', error);\n").replace('/*!*/', ''),
      ...js,
    });
  });
  it('leaves TypeScript: the error path calls the helper too', () => {
    tester.expectValid({ code: scan('      this.stopTicker();\n').replace('/*!*/', '') });
  });
  it("leaves a long-lived object's heartbeat cleared on 'close' whose errors are not its end", () => {
    tester.expectValid({
      code: `import { EventEmitter } from 'node:events';\nexport class Link extends EventEmitter {\n  private heartbeat?: ReturnType<typeof setInterval>;\n  open(ping: () => Promise<void>) {\n    this.heartbeat = setInterval(() => {\n      ping().catch((error) => this.emit('error', error));\n    }, 30_000);\n  }\n  close() {\n    clearInterval(this.heartbeat);\n    this.emit('close');\n  }\n}`,
    });
  });
});
