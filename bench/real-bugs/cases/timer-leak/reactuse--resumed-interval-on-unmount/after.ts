// Case: childrentime/reactuse, fix commit 8710fff0fa9540d093327cc21ce92b57231eeea5 ("clear a manually resumed
// interval on unmount", PR https://github.com/childrentime/reactuse/pull/212). Fixed: resume() clears a running
// interval first, and a mount-scoped effect clears the interval on unmount in both modes.
import { useCallback, useEffect, useRef } from 'react';

export interface RepeatOptions {
  readonly runNow?: boolean;
  readonly manual?: boolean;
}

export function useRepeat(callback: () => void, everyMs: number | null, options: RepeatOptions = {}) {
  const { runNow, manual } = options;
  const latest = useRef(callback);
  latest.current = callback;
  const running = useRef(false);
  const handle = useRef<ReturnType<typeof setInterval> | null>(null);

  const stopTimer = () => {
    if (handle.current) {
      clearInterval(handle.current);
      handle.current = null;
    }
  };

  const resume = useCallback(() => {
    // Drop a running interval first, or its handle is lost below.
    stopTimer();
    running.current = true;
    handle.current = setInterval(() => latest.current(), everyMs ?? 0);
  }, [everyMs]);

  const pause = useCallback(() => {
    running.current = false;
    stopTimer();
  }, []);

  useEffect(() => {
    if (runNow) latest.current();
    if (manual) {
      return;
    }
    if (everyMs !== null) {
      resume();
      return () => {
        stopTimer();
      };
    }
    return undefined;
  }, [everyMs, runNow]);

  // The effect above returns early in manual mode; clear on unmount whatever the mode.
  useEffect(() => stopTimer, []);

  return { running, pause, resume };
}
