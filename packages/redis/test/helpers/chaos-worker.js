// A child process of chaos.test.ts: runs critical sections under one Redis lock and reports each one to the parent,
// which plays a store that checks fencing tokens. argv: port, client kind, key, sections, ttl.
import { Redis } from 'ioredis';
import { createClient } from 'redis';
import { createRedisLock } from '../../dist/index.js';

const [port, kind, key, sectionsText, ttlText] = process.argv.slice(2);
const sections = Number(sectionsText);
const ttl = Number(ttlText);

let client;
if (kind === 'ioredis') {
  client = new Redis({ port: Number(port), host: '127.0.0.1', maxRetriesPerRequest: null });
  client.on('error', () => undefined);
} else {
  client = createClient({ url: `redis://127.0.0.1:${port}` });
  client.on('error', () => undefined);
  await client.connect();
}
const locks = createRedisLock(client, { ttl, pollInterval: 100, prefix: 'chaos:' });

let nextRequest = 0;
const pending = new Map();
process.on('message', (message) => {
  const resolve = pending.get(message.request);
  pending.delete(message.request);
  resolve?.(message);
});
/** Sends a message and waits for the parent's answer, so the parent sees events in real-time order. */
function ask(message) {
  const request = nextRequest++;
  return new Promise((resolve) => {
    pending.set(request, resolve);
    process.send({ ...message, request });
  });
}

let done = 0;
let errors = 0;
let lost = 0;
while (done < sections) {
  let lease;
  try {
    lease = await locks.lock(key, { timeout: 30_000 });
  } catch {
    errors++;
    await new Promise((resolve) => setTimeout(resolve, 20));
    continue;
  }
  await ask({ type: 'begin', token: lease.token });
  // The critical section: a little asynchronous work between the fenced writes.
  const turns = Math.floor(Math.random() * 3);
  for (let i = 0; i < turns; i++) await new Promise((resolve) => setImmediate(resolve));
  if (Math.random() < 0.05) await new Promise((resolve) => setTimeout(resolve, 2));
  await ask({ type: 'end', token: lease.token });
  const held = await lease.release();
  if (!held) lost++;
  process.send({ type: 'released', token: lease.token, held });
  done++;
}
process.send({ type: 'finished', done, errors, lost });
await locks.close();
if (kind === 'ioredis') await client.quit();
else await client.close();
process.disconnect();
