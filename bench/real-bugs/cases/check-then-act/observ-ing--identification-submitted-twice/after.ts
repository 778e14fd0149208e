// Case: observ-ing/core, fix commit 380e4e374d971650fbec2a9f67f092e7353f0448 ("fix: prevent double-submit in
// useFormSubmit causing duplicate identifications (#187)"; https://github.com/observ-ing/core/pull/187), file
// frontend/src/hooks/useFormSubmit.ts.
// The fixed code, rewritten in our own code: a ref, read and set synchronously, turns away a submission while one is
// in flight; the state still drives the button.
import { useCallback, useRef, useState } from 'react';

interface SubmitOptions {
  onDone?: () => void | Promise<void>;
  onFailure?: (error: unknown) => void;
}

export function useSubmitOnce(submit: () => Promise<unknown>, options: SubmitOptions = {}) {
  const [busy, setBusy] = useState(false);
  const inFlight = useRef(false);

  const onSubmit = useCallback(async () => {
    if (inFlight.current) return;
    inFlight.current = true;
    setBusy(true);
    try {
      await submit();
      await options.onDone?.();
    } catch (error) {
      options.onFailure?.(error);
    } finally {
      inFlight.current = false;
      setBusy(false);
    }
  }, [submit, options]);

  return { busy, onSubmit };
}
