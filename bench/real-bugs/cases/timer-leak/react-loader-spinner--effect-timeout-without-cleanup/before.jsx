// Case: mhnpd/react-loader-spinner, fix commit 2cc557b87cffe0bb46c8f6f45455db279a92d4cf ("Add cleanup function to
// useEffect call in Loader component", PR https://github.com/mhnpd/react-loader-spinner/pull/51). Rewritten in our own
// code: a spinner hides itself after an optional delay with a timer started by an effect; the effect returns no
// cleanup, so the timer fires after the spinner is unmounted (and a new one is started on every render).
import React, { useEffect, useState } from 'react';

export default function Spinner(props) {
  const [shown, setShown] = useState(true);

  useEffect(() => {
    if (props.hideAfterMs && props.hideAfterMs > 0) {
      setTimeout(() => {
        setShown(false);
      }, props.hideAfterMs);
    }
  });

  if (!props.visible) return null;
  return shown ? (
    <div aria-busy="true" className={props.className}>
      <span className="spinner-dot" />
    </div>
  ) : null;
}
