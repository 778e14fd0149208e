// Case: harryhorton/node-nmap, fix commit 8f467116a1bed0e463bc8cf72b3ce1ddcf8316f8 ("close timer in event of error",
// PR https://github.com/harryhorton/node-nmap/pull/35). Rewritten in our own code: a scan object starts an interval
// that counts the elapsed time and kills the child process past the limit; the interval is stopped when the scan
// completes, but the paths that end the scan with an 'error' event never stop it, so it keeps the program running.
'use strict';
const { EventEmitter } = require('node:events');
const { spawn } = require('node:child_process');

class PortScan extends EventEmitter {
  /**
   * @param {string[]} targets
   * @param {number} limitMs
   */
  constructor(targets, limitMs) {
    super();
    this.targets = targets;
    this.limitMs = limitMs;
    this.elapsed = 0;
    this.failure = '';
    this.timedOut = false;
    this.output = '';
    /** @type {NodeJS.Timeout | undefined} */
    this.ticker = undefined;
    /** @type {import('node:child_process').ChildProcess | undefined} */
    this.child = undefined;
    this.launch();
  }

  startTicker() {
    this.ticker = setInterval(() => {
      this.elapsed += 10;
      if (this.limitMs !== 0 && this.elapsed >= this.limitMs) this.stopChild();
    }, 10);
  }

  stopTicker() {
    clearInterval(this.ticker);
  }

  stopChild() {
    this.timedOut = true;
    if (this.child) this.child.kill();
  }

  launch() {
    this.startTicker();
    const child = spawn('portscan', ['--xml', ...this.targets]);
    this.child = child;
    child.stdout.on('data', (chunk) => {
      this.output += chunk;
    });
    child.stderr.on('data', (chunk) => {
      this.failure = chunk.toString();
    });
    child.on('close', () => {
      if (this.failure) {
        this.emit('error', this.failure);
      } else if (this.timedOut) {
        this.emit('error', 'Scan passed its limit of ' + this.limitMs + ' ms');
      } else {
        this.parse(this.output);
      }
    });
  }

  /** @param {string} text */
  parse(text) {
    let report;
    try {
      report = JSON.parse(text);
    } catch (err) {
      this.emit('error', 'Could not read the scan report: ' + err);
      return;
    }
    this.finish(report);
  }

  /** @param {unknown} report */
  finish(report) {
    this.stopTicker();
    this.emit('complete', report);
  }
}

module.exports = { PortScan };
