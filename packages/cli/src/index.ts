/**
 * awaitwise: The awaitwise command: check, doctor, explain, rules.
 *
 * @packageDocumentation
 */
export {};
