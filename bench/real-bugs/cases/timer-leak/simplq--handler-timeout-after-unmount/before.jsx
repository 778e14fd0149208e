// Case: SimplQ/simplQ-frontend, fix commit 4df2545b8ab3a3af9bde3560b35f8764c6488c1a ("Fixing memory leak caused by
// setTimeout", PR https://github.com/SimplQ/simplQ-frontend/pull/373). Rewritten in our own code: a click handler
// marks the link as copied and starts a timer that resets the state five seconds later, dropping its handle; when the
// component unmounts within those seconds the timer still fires and updates an unmounted component.
import React from 'react';

const ShareLink = (props) => {
  const [copied, setCopied] = React.useState(false);
  const url = `${window.location.origin}/q/${props.queueId}`;

  const handleCopy = () => {
    navigator.clipboard.writeText(url);
    setCopied(true);
    setTimeout(() => setCopied(false), 5000);
  };

  return (
    <button type="button" onClick={handleCopy}>
      {copied ? 'Copied!' : 'Copy link'}
    </button>
  );
};

export default ShareLink;
