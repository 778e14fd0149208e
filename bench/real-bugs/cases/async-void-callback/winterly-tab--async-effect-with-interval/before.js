// Case: dkhd/winterly-tab, fix commit c85c207a45f6e23691d03d7289358f52345bedfe ("fix: change async function", pull
// request #8), source https://github.com/dkhd/winterly-tab/pull/8. Rewritten in our own code: a new-tab page loads a
// background photo on mount and every thirty seconds. The effect callback is async, so it returns a promise instead of
// its cleanup function: React never sees the cleanup, and the interval is never cleared when the page unmounts.
import React, { useEffect, useState } from 'react';
import { fetchBackdrop } from './backdrop.js';

function NewTab() {
  const [photo, setPhoto] = useState({});

  useEffect(async () => {
    refreshPhoto();
    const timer = setInterval(() => {
      refreshPhoto();
    }, 30000);
    return () => {
      clearInterval(timer);
    };
  }, []);

  const refreshPhoto = async () => {
    const next = await fetchBackdrop();
    setPhoto(next);
  };

  return (
    <div className="new-tab">
      {photo.url ? <img src={photo.url} alt={photo.description || ''} /> : null}
      {photo.author ? <span className="credit">Photo by {photo.author}</span> : null}
    </div>
  );
}

export default NewTab;
