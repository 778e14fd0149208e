// Case: dkhd/winterly-tab, fix commit c85c207a45f6e23691d03d7289358f52345bedfe ("fix: change async function", pull
// request #8), source https://github.com/dkhd/winterly-tab/pull/8. Rewritten in our own code: the fixed version as the
// project wrote it. The effect callback is synchronous and calls an inner async function (which now holds the interval
// and its cleanup).
import React, { useEffect, useState } from 'react';
import { fetchBackdrop } from './backdrop.js';

function NewTab() {
  const [photo, setPhoto] = useState({});

  useEffect(() => {
    const update = async () => {
      refreshPhoto();
      const timer = setInterval(() => {
        refreshPhoto();
      }, 30000);
      return () => {
        clearInterval(timer);
      };
    };
    update();
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
