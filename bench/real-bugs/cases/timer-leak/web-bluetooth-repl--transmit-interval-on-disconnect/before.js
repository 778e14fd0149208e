// Case: siliconwitchery/web-bluetooth-repl, fix commit 0522370acf32f3d468c40bd7b8854d018a53c9e2 ("fixed critical bug
// of not clearing setInterval causing slow after every disconnect", PR
// https://github.com/siliconwitchery/web-bluetooth-repl/pull/4). Rewritten in our own code: connecting starts a
// transmit loop with setInterval and drops its handle; disconnecting passes the loop's function to clearInterval,
// which clears nothing, so every reconnect adds another loop.
const SERVICE_UUID = '6e400001-0000-4000-8000-00805f9b34fb';
const RX_UUID = '6e400002-0000-4000-8000-00805f9b34fb';

const outgoing = [];
let device = null;
let rxCharacteristic = null;
let sending = false;

export async function toggleConnection(onDisconnected) {
  if (!navigator.bluetooth) throw new Error('Web Bluetooth is not available in this browser');

  if (device && device.gatt.connected) {
    await device.gatt.disconnect();
    clearInterval(flushOutgoing);
    return 'disconnected';
  }

  device = await navigator.bluetooth.requestDevice({ filters: [{ services: [SERVICE_UUID] }] });
  device.addEventListener('gattserverdisconnected', onDisconnected);
  const server = await device.gatt.connect();
  const service = await server.getPrimaryService(SERVICE_UUID);
  rxCharacteristic = await service.getCharacteristic(RX_UUID);

  setInterval(flushOutgoing);
  return 'connected';
}

export function queueText(text) {
  outgoing.push(...new TextEncoder().encode(text));
}

async function flushOutgoing() {
  if (sending || outgoing.length === 0 || rxCharacteristic === null) return;
  sending = true;
  const chunk = Uint8Array.from(outgoing.splice(0, 100));
  try {
    await rxCharacteristic.writeValueWithoutResponse(chunk);
  } finally {
    sending = false;
  }
}
