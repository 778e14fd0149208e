// Case: NorthernMan54/node-red-contrib-homebridge-automation, fix commit 47c60333e18e0b395ca6d8e0592d332d041f2080
// ("Clear existing timeouts before setting new one", PR
// https://github.com/NorthernMan54/node-red-contrib-homebridge-automation/pull/57). Rewritten in our own code: a
// Node-RED node shows the last event as its status and arms a timeout that blanks it; each event overwrites the
// stored handle without clearing the pending timeout, so an earlier timer blanks a newer status early and the stored
// handle only ever names the last one.
module.exports = function (RED) {
  function DeviceEventNode(config) {
    RED.nodes.createNode(this, config);
    var node = this;
    node.device = config.device;
    node.state = {};

    node.onDeviceEvent = function (event) {
      node.state = Object.assign(node.state, event.values);
      node.status({ text: JSON.stringify(node.state), shape: 'dot', fill: 'green' });
      clearTimeout(node.timeout);
      node.timeout = setTimeout(function () {
        node.status({});
      }, 10 * 1000);
      node.send({ payload: node.state, device: node.device });
    };

    node.on('input', function (msg) {
      node.status({ text: 'sent ' + JSON.stringify(msg.payload), shape: 'dot', fill: 'green' });
      clearTimeout(node.timeout);
      node.timeout = setTimeout(function () {
        node.status({});
      }, 30 * 1000);
    });

    RED.events.on('device:' + node.device, node.onDeviceEvent);

    node.on('close', function (done) {
      RED.events.removeListener('device:' + node.device, node.onDeviceEvent);
      done();
    });
  }

  RED.nodes.registerType('device-event', DeviceEventNode);
};
