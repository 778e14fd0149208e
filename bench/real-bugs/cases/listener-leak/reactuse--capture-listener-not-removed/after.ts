// Case: childrentime/reactuse, fix commit f0eec6644c53ec2f179f5978af6589c4da1d8a41 ("pass the listener options back to
// removeEventListener"). Fixed: the cleanup passes the same options, so capture-phase listeners are removed too.
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
      // removeEventListener matches on (type, listener, capture): pass the same options back.
      target.removeEventListener(type, listener, options);
    };
  }, [type, target, options]);
}
