// Case: option26/quarantine-hero, fix commit 025b9b961764c3558d8157ddb71f019040d6bc58 ("Fix usages of
// addEventListener in useEffect hook", PR https://github.com/option26/quarantine-hero/pull/113). Fixed: a small helper
// adds the listener and returns the function that removes it, which the effect returns as its cleanup.
import React, { useEffect, useState } from 'react';

function listen(target, type, handler) {
  target.addEventListener(type, handler);
  return () => target.removeEventListener(type, handler);
}

export default function ScrollHint({ label }) {
  const [shown, setShown] = useState(false);
  const [fade, setFade] = useState(1);
  const fadeDistance = 120;

  useEffect(() => {
    setShown(window.scrollY < fadeDistance);
    return listen(window, 'scroll', () => {
      setShown(window.scrollY < fadeDistance);
      setFade((fadeDistance - window.scrollY) / fadeDistance);
    });
  }, []);

  if (!shown) return null;
  return (
    <div className="scroll-hint" style={{ opacity: fade }}>
      {label}
    </div>
  );
}
