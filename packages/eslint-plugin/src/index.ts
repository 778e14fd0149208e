/**
 * eslint-plugin-awaitwise: ESLint plugin that runs the awaitwise analyzer rules in the editor and in an existing flat config.
 *
 * @packageDocumentation
 */
export {};
