// Loads settings at start-up with a top-level await. `server.ts` imports this module, and this module imports
// `server.ts` for its port: a top-level await inside an import cycle.
import { defaultPort } from './server.js';

async function loadSettings(): Promise<{ port: number; cacheTtl: number }> {
  const port = Number(process.env.PORT ?? defaultPort);
  return { port, cacheTtl: 60 };
}

export const settings = await loadSettings();
