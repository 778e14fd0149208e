/**
 * The TypeScript compiler API, loaded with `require`.
 *
 * TypeScript ships one 9 MB CommonJS file. Imported from an ES module, Node lexes all of it to find its named
 * exports (about a second on every run); required, it is simply evaluated. Every module of the analyzer imports
 * TypeScript from here, so one `require` serves them all, and it is the same module instance that
 * typescript-eslint's parser loads.
 *
 * @module
 */
// eslint-disable-next-line @typescript-eslint/no-require-imports -- the point of this module: require() skips the lexing
import ts = require('typescript');

export = ts;
