// Case: childrentime/reactuse, fix commit 8710fff0fa9540d093327cc21ce92b57231eeea5 ("clear a manually resumed
// interval on unmount", PR https://github.com/childrentime/reactuse/pull/212). Rewritten in our own code: a hook runs a
// callback on an interval; in manual mode the effect returns before registering a cleanup, so an interval started
// with resume() keeps firing after the component unmounts, and resuming twice loses the first interval's handle.
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
    handle.current && clearInterval(handle.current);
  };

  const resume = useCallback(() => {
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

  return { running, pause, resume };
}
