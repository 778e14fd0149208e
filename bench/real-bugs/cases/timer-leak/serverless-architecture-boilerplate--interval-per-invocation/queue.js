// A stand-in for the project's queue and table helpers (the case is about the handler, not these).
'use strict';

/** @param {number} max @param {string} url @returns {Promise<{ Messages?: { Body: string }[] }>} */
exports.receive = async (max, url) => ({ Messages: [] });
/** @param {{ Body: string }} message @returns {Promise<void>} */
exports.remove = async (message) => {};
/** @param {string} table @param {{ id: string }} key @returns {Promise<void>} */
exports.markProcessed = async (table, key) => {};
