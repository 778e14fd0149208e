// Case: leukipp/touchkio, fix commit bf77d9b2a04a5490f29a9afa846219e74d3b3af5 ("fix: mqtt memory leak #63",
// https://github.com/leukipp/touchkio/issues/63), file js/integration.js. Rewritten in our own code: the MQTT client
// emits 'connect' again after every reconnect, and the 'connect' handler sets up every control again, each adding one
// more 'message' listener to the same client (MaxListenersExceededWarning after a few network drops).
'use strict';
const mqtt = require('mqtt');

const state = { client: /** @type {import('mqtt').MqttClient | null} */ (null), root: 'kiosk' };

/**
 * @param {string} kind
 * @param {{ name: string, command_topic: string }} config
 */
function announce(kind, config) {
  const client = /** @type {import('mqtt').MqttClient} */ (state.client);
  client.publish(`homeassistant/${kind}/${state.root}/config`, JSON.stringify(config), { qos: 1, retain: true });
  return client;
}

function setupRestart() {
  const config = { name: 'Restart', command_topic: `${state.root}/restart/execute` };
  announce('button', config)
    .on('message', (topic) => {
      if (topic === config.command_topic) console.log('restarting');
    })
    .subscribe(config.command_topic);
}

function setupBrightness() {
  const config = { name: 'Brightness', command_topic: `${state.root}/brightness/set` };
  announce('number', config)
    .on('message', (topic, payload) => {
      if (topic === config.command_topic) console.log('brightness', Number(payload.toString()));
    })
    .subscribe(config.command_topic);
}

/** @param {string} url */
function start(url) {
  state.client = mqtt.connect(url);
  state.client
    .on('connect', () => {
      setupRestart();
      setupBrightness();
    })
    .on('error', (error) => {
      console.error('mqtt', error.message);
    });
}

module.exports = { start };
