// Case: childrentime/reactuse, fix commit f0eec6644c53ec2f179f5978af6589c4da1d8a41 ("pass the listener options back to
// removeEventListener"). Rewritten in our own code: an event-listener hook adds its listener with the caller's options
// but removes it without them; removeEventListener matches on the capture flag, so a listener added with
// `{ capture: true }` is never removed and one more stays live after every mount.
import { useEffect, useRef } from 'react';

export function useDomEvent<E extends Event>(
  type: string,
  handler: (event: E) => void,
  target: EventTarget | null = typeof window === 'undefined' ? null : window,
  options: boolean | AddEventListenerOptions = {},
): void {
  const latest = useRef(handler);
  latest.current = handler;

  useEffect(() => {
    if (!target) return;
    const listener = (event: Event) => latest.current(event as E);
    target.addEventListener(type, listener, options);
    return () => {
      target.removeEventListener(type, listener);
    };
  }, [type, target, options]);
}
