// Case: cennznet/runanode, fix commit be13e2f7acf9ddcb511cd0f339cac7cbf9862c19 ("fix for react state warning bug -
// issue #72", PR https://github.com/cennznet/runanode/pull/94). Rewritten in our own code: the fixed page starts the
// timer once in an effect and clears it in the effect's cleanup.
import React, { useEffect, useState } from 'react';

const ROOT_PATH = '/';

export default function HomePage({ match, blockHeight, onReset }) {
  const [showReset, setShowReset] = useState(false);

  useEffect(() => {
    const resetTimer = setTimeout(() => {
      if (match.path === ROOT_PATH) {
        setShowReset(true);
      }
    }, 40000);
    return () => clearTimeout(resetTimer);
  }, []);

  useEffect(() => {
    console.debug(`home page, block height ${blockHeight}`);
  }, [blockHeight]);

  return (
    <main>
      <p>Syncing block {blockHeight}</p>
      {showReset ? (
        <button type="button" onClick={onReset}>
          Reset the node
        </button>
      ) : null}
    </main>
  );
}
