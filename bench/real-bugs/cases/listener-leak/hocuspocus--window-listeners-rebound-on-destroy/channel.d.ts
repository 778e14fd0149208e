declare module 'tab-channel' {
  /** Subscribes `handler` to messages other tabs post on `room`. */
  export function subscribe(room: string, handler: (data: ArrayBuffer) => void): void;
  /** Removes `handler` (the same function object) from `room`. */
  export function unsubscribe(room: string, handler: (data: ArrayBuffer) => void): void;
  /** Posts `data` to every other tab listening on `room`. */
  export function publish(room: string, data: ArrayBuffer): void;
}
