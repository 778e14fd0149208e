// Case: observ-ing/core, fix commit 380e4e374d971650fbec2a9f67f092e7353f0448 ("fix: prevent double-submit in
// useFormSubmit causing duplicate identifications (#187)"; https://github.com/observ-ing/core/pull/187), file
// frontend/src/hooks/useFormSubmit.ts.
// The code just before the fix, rewritten in our own code: the form hook marks itself busy with React state and awaits
// the submission; the state only reaches the button after a render, so a second click before that render submits
// again and the server records the identification twice.
import { useCallback, useState } from 'react';

interface SubmitOptions {
  onDone?: () => void | Promise<void>;
  onFailure?: (error: unknown) => void;
}

export function useSubmitOnce(submit: () => Promise<unknown>, options: SubmitOptions = {}) {
  const [busy, setBusy] = useState(false);

  const onSubmit = useCallback(async () => {
    setBusy(true);
    try {
      await submit();
      await options.onDone?.();
    } catch (error) {
      options.onFailure?.(error);
    } finally {
      setBusy(false);
    }
  }, [submit, options]);

  return { busy, onSubmit };
}
