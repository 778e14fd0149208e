// Case: tawsbob/react-hook-useCep, fix commit 7a094dbe7ce7c61b135e6e13afc53e23c6bdf6e0 ("Fix useEffect using async",
// pull request #1), source https://github.com/tawsbob/react-hook-useCep/pull/1. Rewritten in our own code: a React hook
// looks a postal code up whenever it changes. The effect callback itself is async, so the effect returns a promise
// where React expects nothing or a cleanup function (React warns), and the error rethrown in the catch becomes an
// unhandled rejection of a promise nobody holds.
import { useState, useEffect } from 'react';

const idle = { loading: false, error: false, data: {} };

async function lookUpPostcode(code) {
  const response = await fetch(`https://postcodes.example.com/lookup/${encodeURIComponent(code)}.json`);
  return await response.json();
}

function usePostcode() {
  const [code, setCode] = useState(null);
  const [status, setStatus] = useState(idle);

  useEffect(async () => {
    if (code) {
      setStatus({ ...status, loading: true });
      try {
        const data = await lookUpPostcode(code);
        setStatus({ ...status, loading: false, data });
      } catch (e) {
        setStatus({ loading: false, error: true, data: {} });
        throw e;
      }
    }
  }, [code]);

  return [status, setCode];
}

export default usePostcode;
