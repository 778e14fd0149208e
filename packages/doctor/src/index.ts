/**
 * @awaitwise/doctor: Runs a Node program and reports its async defects: unhandled rejections with birth sites, pending promises, leaks, blocked loop.
 *
 * @packageDocumentation
 */
export {};
