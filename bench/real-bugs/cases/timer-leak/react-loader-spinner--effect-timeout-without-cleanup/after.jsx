// Case: mhnpd/react-loader-spinner, fix commit 2cc557b87cffe0bb46c8f6f45455db279a92d4cf ("Add cleanup function to
// useEffect call in Loader component", PR https://github.com/mhnpd/react-loader-spinner/pull/51). Rewritten in our own
// code: the fix keeps the timer and returns a cleanup that clears it.
import React, { useEffect, useState } from 'react';

export default function Spinner(props) {
  const [shown, setShown] = useState(true);

  useEffect(() => {
    let timer;
    if (props.hideAfterMs && props.hideAfterMs > 0) {
      timer = setTimeout(() => {
        setShown(false);
      }, props.hideAfterMs);
    }
    return () => {
      if (timer) clearTimeout(timer);
    };
  });

  if (!props.visible) return null;
  return shown ? (
    <div aria-busy="true" className={props.className}>
      <span className="spinner-dot" />
    </div>
  ) : null;
}
