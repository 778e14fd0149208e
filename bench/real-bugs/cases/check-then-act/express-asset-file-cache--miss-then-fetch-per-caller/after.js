// Case: julianrubisch/express-asset-file-cache-middleware, fix commit 90f27436eff6028e39beb857435f14ecc43eda4a
// ("Coalesce concurrent cache misses into a single fetch (#54)", pull request #59), source
// https://github.com/julianrubisch/express-asset-file-cache-middleware/pull/59. Rewritten in our own code: the fixed
// version. The check-and-download body is unchanged (renamed storeAssetOnce); the public storeAsset keeps one in-flight
// promise per cache folder, so concurrent misses for the same asset share one download.
const crypto = require('crypto');
const fs = require('fs');
const path = require('path');
const { Readable } = require('stream');
const { pipeline } = require('stream/promises');

function cacheFolder(cacheDir, key) {
  const digest = crypto.createHash('sha1').update(key).digest('hex');
  return path.join(cacheDir, digest.slice(0, 2), digest.slice(2, 4), digest);
}

function fileNameFor(contentType, length) {
  return Buffer.from(`${contentType}:${length}`).toString('base64url');
}

function parseFileName(name) {
  const [contentType, length] = Buffer.from(name, 'base64url').toString('utf8').split(':');
  return [contentType, length];
}

async function storeAssetOnce(url, opts) {
  opts = opts || {};
  const cacheDir = opts.cacheDir || path.join(process.cwd(), 'tmp');
  const key = opts.key || url;
  const folder = cacheFolder(cacheDir, key);
  let temporary;

  try {
    if (fs.existsSync(folder)) {
      const published = fs.readdirSync(folder).find((name) => !name.startsWith('.'));
      if (published) {
        const [contentType, contentLength] = parseFileName(published);
        return { status: 'cached', fromCache: true, path: path.join(folder, published), contentType, contentLength };
      }
      // only a concurrent writer's temporary file: still a miss
    }

    const response = await fetch(url);
    if (!response.ok) {
      return { status: 'error', httpStatus: response.status, body: await response.text() };
    }
    if (!response.body) {
      return { status: 'empty', httpStatus: response.status };
    }

    fs.mkdirSync(folder, { recursive: true });
    const contentType = response.headers.get('content-type') || '';
    temporary = path.join(folder, `.tmp-${crypto.randomBytes(8).toString('hex')}`);

    let received = 0;
    const body = Readable.fromWeb(response.body);
    body.on('data', (chunk) => {
      received += chunk.length;
    });
    await pipeline(body, fs.createWriteStream(temporary));

    const finalPath = path.join(folder, fileNameFor(contentType, received));
    try {
      fs.renameSync(temporary, finalPath);
    } catch (error) {
      if (error.code !== 'EEXIST') throw error;
      fs.unlinkSync(temporary);
    }
    temporary = undefined;

    return { status: 'cached', fromCache: false, path: finalPath, contentType, contentLength: String(received) };
  } catch (error) {
    if (temporary) {
      try {
        fs.unlinkSync(temporary);
      } catch (_) {
        // the temporary file is already gone
      }
    }
    throw error;
  }
}

const inFlight = new Map();

async function storeAsset(url, opts) {
  opts = opts || {};
  const cacheDir = opts.cacheDir || path.join(process.cwd(), 'tmp');
  const folder = cacheFolder(cacheDir, opts.key || url);

  const pending = inFlight.get(folder);
  if (pending) return pending;
  const started = storeAssetOnce(url, opts);
  inFlight.set(folder, started);
  try {
    return await started;
  } finally {
    inFlight.delete(folder);
  }
}

module.exports = { storeAsset, cacheFolder };
