// The part of the mqtt package this case uses (as the package declares it): the client is an EventEmitter.
declare module 'mqtt' {
  import { EventEmitter } from 'node:events';
  export interface MqttClient extends EventEmitter {
    publish(topic: string, message: string, options?: { qos?: 0 | 1 | 2; retain?: boolean }): MqttClient;
    subscribe(topic: string): MqttClient;
  }
  export function connect(url: string): MqttClient;
}
