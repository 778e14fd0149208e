// Case: Ashish-simpleCoder/classic-react-hooks, fix commit 44c1a0f4b65bac8225d98a53bf62a8a349c3550b ("fix: add
// cleanup for timers on unmount in use-debounced-fn"). Rewritten in our own code: a hook keeps a debounced function
// in a ref; the debounce timer lives in the wrapper's closure and is cleared only by the next call, so when the
// component unmounts with a call pending the timer still fires and runs the callback for a component that is gone.
import { useEffect, useRef } from 'react';

const DEFAULT_WAIT = 300;

export function useDebounced<A extends unknown[]>(callback: (...args: A) => void, wait = DEFAULT_WAIT) {
  const latest = useRef(callback);
  latest.current = callback;
  const debounced = useRef(debounce((...args: A) => latest.current(...args), wait));
  useEffect(() => {
    const { cancel } = debounced.current;
    return () => cancel();
  }, [wait]);
  return debounced.current.run;
}

/** A debounced version of `callback`, usable outside React too, with a way to cancel a pending call. */
export function debounce<A extends unknown[]>(callback: (...args: A) => void, wait = DEFAULT_WAIT) {
  let pending: ReturnType<typeof setTimeout> | undefined;
  return {
    run: (...args: A) => {
      if (pending) clearTimeout(pending);
      pending = setTimeout(() => callback(...args), wait);
    },
    cancel: () => clearTimeout(pending),
  };
}
