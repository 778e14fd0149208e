'use strict';
// The application's one streamer: a module-level emitter of report and trend updates.
const { EventEmitter } = require('node:events');

module.exports = new EventEmitter();
