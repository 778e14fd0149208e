// Case: option26/quarantine-hero, fix commit 025b9b961764c3558d8157ddb71f019040d6bc58 ("Fix usages of
// addEventListener in useEffect hook", PR https://github.com/option26/quarantine-hero/pull/113). Rewritten in our own
// code: a "scroll down" hint adds a scroll listener to window when it mounts and never removes it, so every mount
// leaves a listener that keeps setting state on an unmounted component.
import React, { useEffect, useState } from 'react';

export default function ScrollHint({ label }) {
  const [shown, setShown] = useState(false);
  const [fade, setFade] = useState(1);
  const fadeDistance = 120;

  useEffect(() => {
    window.addEventListener('scroll', () => {
      setShown(window.scrollY < fadeDistance);
      setFade((fadeDistance - window.scrollY) / fadeDistance);
    });
    setShown(window.scrollY < fadeDistance);
  }, []);

  if (!shown) return null;
  return (
    <div className="scroll-hint" style={{ opacity: fade }}>
      {label}
    </div>
  );
}
