/**
 * The TypeScript compiler API, loaded with `require` (as the analyzer does, see its `typescript.cts`): imported from
 * an ES module, Node would lex TypeScript's 9 MB CommonJS file for named exports on every ESLint start. Required, it
 * is the instance typescript-eslint's parser has already loaded.
 *
 * @module
 */
// eslint-disable-next-line @typescript-eslint/no-require-imports -- the point of this module: require() skips the lexing
import ts = require('typescript');

export = ts;
