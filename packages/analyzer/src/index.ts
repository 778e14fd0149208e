/**
 * @awaitwise/analyzer: Type-aware static analyzer for async/await pitfalls, built on the TypeScript compiler API.
 *
 * @packageDocumentation
 */
export {};
