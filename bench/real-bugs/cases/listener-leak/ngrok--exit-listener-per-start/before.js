// Case: bubenshchykov/ngrok, fix commit 592e5d421b5e6f3ea9f6c50aeaf24b39c350682d ("Only listen to process exit
// event once", fixes https://github.com/bubenshchykov/ngrok/issues/239, supersedes PR #179). Rewritten in our own code:
// every start of the tunnel agent adds an async 'exit' handler to the process that awaits stopping the agent; the
// handlers pile up (MaxListenersExceededWarning after ten short-lived tunnels) and their async work never runs at exit.
'use strict';
const { spawn } = require('node:child_process');
const { join } = require('node:path');

const readyLine = /web service listening on (\d+\.\d+\.\d+\.\d+:\d+)/;

/** @type {Promise<string> | null} */
let starting = null;
/** @type {import('node:child_process').ChildProcess | null} */
let running = null;

/** @param {{ binDir: string, region?: string }} options */
async function ensureAgent(options) {
  if (starting) return starting;
  try {
    starting = launchAgent(options);
    return await starting;
  } catch (error) {
    starting = null;
    throw error;
  }
}

/** @param {{ binDir: string, region?: string }} options */
async function launchAgent(options) {
  const args = ['start', '--log=stdout'];
  if (options.region) args.push(`--region=${options.region}`);
  const agent = spawn(join(options.binDir, 'tunnel-agent'), args, { windowsHide: true });

  /** @type {(url: string) => void} */
  let resolveUrl = () => {};
  /** @type {(error: Error) => void} */
  let rejectUrl = () => {};
  const apiUrl = new Promise((resolve, reject) => {
    resolveUrl = resolve;
    rejectUrl = reject;
  });

  agent.stdout.on('data', (chunk) => {
    const match = String(chunk).match(readyLine);
    if (match) resolveUrl(`http://${match[1]}`);
  });
  agent.stderr.on('data', (chunk) => rejectUrl(new Error(String(chunk).slice(0, 2000))));
  agent.on('exit', () => {
    starting = null;
    running = null;
  });

  process.on('exit', async () => await stopAgent());

  try {
    const url = await apiUrl;
    running = agent;
    return url;
  } catch (error) {
    agent.kill();
    throw error;
  } finally {
    agent.stdout.removeAllListeners('data');
    agent.stderr.removeAllListeners('data');
  }
}

function stopAgent() {
  const agent = running;
  if (!agent) return;
  return new Promise((resolve) => {
    agent.on('exit', () => resolve(undefined));
    agent.kill();
  });
}

module.exports = { ensureAgent, stopAgent };
