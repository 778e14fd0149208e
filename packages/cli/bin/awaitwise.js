#!/usr/bin/env node
// The `awaitwise` command. A committed, executable shim: npm links it at install time, before dist/ is built.
import '../dist/bin.js';
