#!/usr/bin/env node
// The `awaitwise` command. A committed, executable shim: npm links it at install time, before dist/ is built.
import * as nodeModule from 'node:module';

// Load TypeScript through `require` rather than the ES-module bridge (see typescript-hooks.js): about a second saved
// per run. `register` exists from Node 20.6; older versions simply take the slower path.
nodeModule.register?.('./typescript-hooks.js', import.meta.url);
await import('../dist/bin.js');
