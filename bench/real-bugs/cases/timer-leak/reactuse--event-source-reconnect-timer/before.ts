// Case: childrentime/reactuse, fix commit 1f6a20ea3b906edc99cca561e850594cd7c65f72 ("clear pending reconnect on
// unmount"). Rewritten in our own code: a server-sent-events hook schedules a reconnect with setTimeout after an
// error but keeps no handle, so closing the stream (or unmounting) during the delay cannot cancel it and a fresh
// EventSource is opened for a component that is gone.
import { useCallback, useEffect, useRef, useState } from 'react';

export interface StreamOptions {
  readonly reconnect?: { readonly maxAttempts?: number; readonly delayMs?: number; readonly onGiveUp?: () => void };
}

export function useServerEvents(url: string, options: StreamOptions = {}) {
  const [message, setMessage] = useState<string | null>(null);
  const [state, setState] = useState<'idle' | 'connecting' | 'open' | 'closed'>('idle');
  const attempts = useRef(0);
  const closedByUser = useRef(false);
  const source = useRef<EventSource | null>(null);

  const close = useCallback((byUser = false) => {
    setState('closed');
    source.current?.close();
    source.current = null;
    closedByUser.current = byUser;
  }, []);

  const open = useCallback(() => {
    close();
    setState('connecting');
    const stream = new EventSource(url);
    source.current = stream;
    stream.onopen = () => setState('open');
    stream.onmessage = (event) => setMessage(String(event.data));
    stream.onerror = () => {
      setState('closed');
      const reconnect = options.reconnect;
      if (!reconnect || closedByUser.current) return;
      attempts.current += 1;
      if (attempts.current < (reconnect.maxAttempts ?? Infinity)) {
        setTimeout(open, reconnect.delayMs ?? 1000);
      } else {
        reconnect.onGiveUp?.();
      }
    };
  }, [url, close, options.reconnect]);

  useEffect(() => {
    open();
    return () => close();
  }, [open, close]);

  return { message, state, close: () => close(true), open };
}
