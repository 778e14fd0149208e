// Case: sveltejs/kit, fix commit ce2aeb83aa43caeeaa23adf2c0ee24377e6c9d98 ("fix: await initialization on every
// request to prevent race condition (#15161)"; https://github.com/sveltejs/kit/pull/15161).
// The code just before the fix, rewritten in our own code: the worker's request handler records the origin on the
// first request and only that request waits for server start-up; a second request arriving meanwhile sees the origin
// set and is served before start-up has finished.
/** @typedef {{ respond(request: Request): Promise<Response>, init(options: { read(file: string): Promise<ReadableStream | null> }): Promise<void> }} AppServer */

/** @type {AppServer} */
const server = /** @type {any} */ (globalThis).appServer;

/** The origin is only known once a request arrives. @type {string | undefined} */
let origin;

const ready = server.init({
  read: async (file) => {
    const response = await fetch(`${origin}/${file}`);
    if (!response.ok) {
      throw new Error(`could not read ${file}: ${response.status}`);
    }
    return response.body;
  },
});

/**
 * @param {Request} request
 * @returns {Promise<Response>}
 */
export default async function handle(request) {
  if (!origin) {
    origin = new URL(request.url).origin;
    await ready;
  }

  return server.respond(request);
}
