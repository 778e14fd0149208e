// Case: SimplQ/simplQ-frontend, fix commit 4df2545b8ab3a3af9bde3560b35f8764c6488c1a ("Fixing memory leak caused by
// setTimeout", PR https://github.com/SimplQ/simplQ-frontend/pull/373). Rewritten in our own code: the fix moves the
// reset into an effect keyed on the state, whose cleanup clears the timer.
import React, { useEffect, useState } from 'react';

const ShareLink = (props) => {
  const [copied, setCopied] = useState(false);
  const url = `${window.location.origin}/q/${props.queueId}`;

  useEffect(() => {
    if (!copied) return () => {};
    const timer = setTimeout(() => setCopied(false), 5000);
    return () => clearTimeout(timer);
  }, [copied]);

  const handleCopy = () => {
    navigator.clipboard.writeText(url);
    setCopied(true);
  };

  return (
    <button type="button" onClick={handleCopy}>
      {copied ? 'Copied!' : 'Copy link'}
    </button>
  );
};

export default ShareLink;
