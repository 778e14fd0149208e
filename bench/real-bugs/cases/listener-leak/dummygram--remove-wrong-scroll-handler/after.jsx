// Case: narayan954/dummygram, fix commit 304a5ace74e886107049fbf88f74523f0333e305 ("Fix event listener leaking",
// PR https://github.com/narayan954/dummygram/pull/1180, issue #1142). Fixed: the cleanup removes the handler itself.
import { useEffect, useState } from 'react';

const PAGE = 20;

export function useFeed(store) {
  const [items, setItems] = useState([]);
  const [wantMore, setWantMore] = useState(false);

  useEffect(() => {
    const onScroll = () => {
      const page = document.documentElement;
      if (window.innerHeight + page.scrollTop + 1 >= page.scrollHeight) {
        setWantMore(true);
      }
    };
    window.addEventListener('scroll', onScroll);
    const stop = store.watchLatest(PAGE, (latest) => setItems(latest));

    return () => {
      window.removeEventListener('scroll', onScroll);
      stop();
    };
  }, []);

  return { items, wantMore };
}
