/**
 * @awaitwise/catalog: The catalog of async/await pitfalls: ids, titles, why, fix and docs link, shared by every awaitwise tool.
 *
 * @packageDocumentation
 */
export {};
