import { describe, it } from 'vitest';
import { ruleTester } from '../support/rule-tester.js';

const header = `import React, { useEffect, useState } from 'react';
declare function getUser(id: string, init?: { signal?: AbortSignal }): Promise<string>;
`;
const tester = ruleTester('stale-response', { prelude: header, suffix: '\n' });

/** Wraps an effect body in a component with `user`/`setUser` state and an `id` prop. */
function component(effect: string): string {
  return `export function Profile({ id }: { id: string }) {\n  const [user, setUser] = useState('');\n${effect}\n  return user;\n}`;
}

describe('stale-response: flagged', () => {
  it.each([
    [
      'then sets state',
      component(`  useEffect(() => {\n    getUser(id).then((u) => setUser(u));\n  }, [id]);`),
      [4, 29],
    ],
    [
      'async IIFE awaits then sets',
      component(
        `  useEffect(() => {\n    (async () => {\n      const u = await getUser(id);\n      setUser(u);\n    })();\n  }, [id]);`,
      ),
      [6, 7],
    ],
    [
      'named async function called in the effect',
      component(
        `  useEffect(() => {\n    async function load() {\n      setUser(await getUser(id));\n    }\n    void load();\n  }, [id]);`,
      ),
      [5, 7],
    ],
    [
      'no dependency array',
      component(`  useEffect(() => {\n    getUser(id).then((u) => setUser(u));\n  });`),
      [4, 29],
    ],
    [
      'async effect callback',
      component(`  useEffect(async () => {\n    const u = await getUser(id);\n    setUser(u);\n  }, [id]);`),
      [5, 5],
    ],
    [
      'React.useEffect',
      component(`  React.useEffect(() => {\n    getUser(id).then((u) => { setUser(u); });\n  }, [id]);`),
      [4, 31],
    ],
    [
      'useLayoutEffect',
      `import { useLayoutEffect } from 'react';\n${component(`  useLayoutEffect(() => {\n    getUser(id).then((u) => setUser(u));\n  }, [id]);`)}`,
      [5, 29],
    ],
    [
      'cleanup that does not guard',
      component(
        `  useEffect(() => {\n    getUser(id).then((u) => setUser(u));\n    return () => console.log('bye');\n  }, [id]);`,
      ),
      [4, 29],
    ],
    [
      'catch sets error state',
      `export function P({ id }: { id: string }) {\n  const [err, setErr] = useState<unknown>(null);\n  useEffect(() => {\n    getUser(id).catch((e) => setErr(e));\n  }, [id]);\n  return err;\n}`,
      [4, 30],
    ],
    [
      'flag declared but never checked',
      component(
        `  useEffect(() => {\n    let ignore = false;\n    getUser(id).then((u) => setUser(u));\n    return () => { ignore = true; };\n  }, [id]);`,
      ),
      [5, 29],
    ],
    [
      'dep via property',
      `export function P(props: { id: string }) {\n  const [u, setU] = useState('');\n  useEffect(() => {\n    getUser(props.id).then((x) => setU(x));\n  }, [props.id]);\n  return u;\n}`,
      [4, 35],
    ],
    [
      'a constant set after the data setter from the response',
      `export function P({ id }: { id: string }) {\n  const [u, setU] = useState('');\n  const [loaded, setLoaded] = useState(false);\n  useEffect(() => {\n    getUser(id).then((x) => {\n      setLoaded(true);\n      setU(x);\n    });\n  }, [id]);\n  return loaded ? u : '';\n}`,
      [7, 7],
    ],
    [
      'a ref checked but claimed only after the await',
      `export function P({ id }: { id: string }) {\n  const [u, setU] = useState('');\n  const started = React.useRef(false);\n  useEffect(() => {\n    if (started.current) return;\n    getUser(id).then((x) => {\n      started.current = true;\n      setU(x);\n    });\n  }, [id]);\n  return u;\n}`,
      [8, 7],
    ],
    [
      'a state flag checked but never claimed',
      `export function P({ id }: { id: string }) {\n  const [u, setU] = useState('');\n  const [busy] = useState(false);\n  useEffect(() => {\n    if (!busy) {\n      getUser(id).then((x) => setU(x));\n    }\n  }, [id, busy]);\n  return u;\n}`,
      [6, 31],
    ],
    [
      'an updater that copies the response into the state',
      `export function P({ id }: { id: string }) {\n  const [s, setS] = useState({ name: '' });\n  useEffect(() => {\n    void getUser(id).then((name) => setS((prev) => ({ ...prev, name })));\n  }, [id]);\n  return s;\n}`,
      [4, 37],
    ],
    [
      'a local predicate that reads no cleanup flag',
      `export function P({ id }: { id: string }) {\n  const [u, setU] = useState('');\n  useEffect(() => {\n    const isEmpty = (x: string) => x === '';\n    getUser(id).then((x) => {\n      if (isEmpty(x)) return;\n      setU(x);\n    });\n  }, [id]);\n  return u;\n}`,
      [7, 7],
    ],
  ] as const)('%s', (_name, code, [line, column]) => {
    tester.expectInvalid({ code, errors: [{ line, column, messageId: 'stale' }] });
  });

  it('flags in a .tsx component', () => {
    const code = `export function Profile({ id }: { id: string }) {\n  const [user, setUser] = useState('');\n  useEffect(() => {\n    getUser(id).then((u) => setUser(u));\n  }, [id]);\n  return <p>{user}</p>;\n}`;
    tester.expectInvalid({ code, fileName: 'a.tsx', errors: [{ line: 4, column: 29, messageId: 'stale' }] });
  });
});

describe('stale-response: clean', () => {
  it.each([
    [
      'ignore flag set in the cleanup',
      component(
        `  useEffect(() => {\n    let ignore = false;\n    getUser(id).then((u) => { if (!ignore) setUser(u); });\n    return () => { ignore = true; };\n  }, [id]);`,
      ),
    ],
    [
      'cancelled flag with early return',
      component(
        `  useEffect(() => {\n    let cancelled = false;\n    (async () => {\n      const u = await getUser(id);\n      if (cancelled) return;\n      setUser(u);\n    })();\n    return () => { cancelled = true; };\n  }, [id]);`,
      ),
    ],
    [
      'AbortController aborted in the cleanup',
      component(
        `  useEffect(() => {\n    const controller = new AbortController();\n    getUser(id, { signal: controller.signal }).then(setUser);\n    return () => controller.abort();\n  }, [id]);`,
      ),
    ],
    [
      'signal.aborted checked',
      component(
        `  useEffect(() => {\n    const c = new AbortController();\n    getUser(id).then((u) => { if (!c.signal.aborted) setUser(u); });\n  }, [id]);`,
      ),
    ],
    [
      'mounted ref',
      component(
        `  const active = React.useRef(true);\n  useEffect(() => {\n    active.current = true;\n    getUser(id).then((u) => active.current && setUser(u));\n    return () => { active.current = false; };\n  }, [id]);`,
      ),
    ],
    [
      'empty dependency array (runs once)',
      component(`  useEffect(() => {\n    getUser('me').then((u) => setUser(u));\n  }, []);`),
    ],
    [
      'deps the request does not read',
      component(`  useEffect(() => {\n    getUser('me').then((u) => setUser(u));\n  }, [user]);`),
    ],
    [
      'state set before the await only',
      component(`  useEffect(() => {\n    setUser('');\n    void getUser(id);\n  }, [id]);`),
    ],
    ['set in a sync effect', component(`  useEffect(() => {\n    setUser(id);\n  }, [id]);`)],
    [
      'a setter that is not from useState',
      `declare function setTitle(s: string): void;\nexport function P({ id }: { id: string }) {\n  useEffect(() => {\n    getUser(id).then((u) => setTitle(u));\n  }, [id]);\n}`,
    ],
    [
      'react-query style hook',
      `declare function useQuery(o: { queryKey: unknown[]; queryFn: () => Promise<string> }): { data?: string };\nexport function P({ id }: { id: string }) {\n  const q = useQuery({ queryKey: ['u', id], queryFn: () => getUser(id) });\n  return q.data;\n}`,
    ],
    [
      'useAbortableEffect',
      `declare function useAbortableEffect(fn: (signal: AbortSignal) => Promise<void>, deps: unknown[]): void;\n${component(`  useAbortableEffect(async (signal) => {\n    setUser(await getUser(id, { signal }));\n  }, [id]);`)}`,
    ],
    [
      'named cleanup function',
      component(
        `  useEffect(() => {\n    const c = new AbortController();\n    getUser(id, { signal: c.signal }).then(setUser);\n    const stop = () => c.abort();\n    return stop;\n  }, [id]);`,
      ),
    ],
    [
      'only a constant is set after the await (a loading flag)',
      `export function P({ id }: { id: string }) {\n  const [loaded, setLoaded] = useState(false);\n  useEffect(() => {\n    getUser(id).finally(() => setLoaded(true));\n  }, [id]);\n  return loaded;\n}`,
    ],
    [
      'a constant object set after the await',
      `export function P({ id }: { id: string }) {\n  const [s, setS] = useState({ loading: true, error: '' });\n  useEffect(() => {\n    void (async () => {\n      await getUser(id);\n      setS({ loading: false, error: '' });\n    })();\n  }, [id]);\n  return s;\n}`,
    ],
    [
      'a one-shot ref claimed before the request (restore once)',
      `export function P({ id }: { id: string }) {\n  const [u, setU] = useState('');\n  const done = React.useRef(false);\n  useEffect(() => {\n    if (!done.current) {\n      done.current = true;\n      getUser(id).then((x) => setU(x));\n    }\n  }, [id]);\n  return u;\n}`,
    ],
    [
      'a one-shot ref that returns early, claimed before the async work',
      `export function P({ id }: { id: string }) {\n  const [u, setU] = useState('');\n  const handled = React.useRef(false);\n  useEffect(() => {\n    if (handled.current) return;\n    handled.current = true;\n    void (async () => {\n      setU(await getUser(id));\n    })();\n  }, [id]);\n  return u;\n}`,
    ],
    [
      'an in-flight state flag claimed before the await',
      `export function P({ id }: { id: string }) {\n  const [u, setU] = useState('');\n  const [fetching, setFetching] = useState(false);\n  useEffect(() => {\n    async function load() {\n      if (!fetching) {\n        setFetching(true);\n        try {\n          setU(await getUser(id));\n        } finally {\n          setFetching(false);\n        }\n      }\n    }\n    void load();\n  }, [id, fetching]);\n  return u;\n}`,
    ],
    [
      'a request counter bumped in the cleanup and checked through a local predicate',
      `export function P({ id }: { id: string }) {\n  const [u, setU] = useState('');\n  const latest = React.useRef(0);\n  useEffect(() => {\n    const request = ++latest.current;\n    const isStale = () => request !== latest.current;\n    getUser(id).then((x) => {\n      if (isStale()) return;\n      setU(x);\n    });\n    return () => {\n      latest.current += 1;\n    };\n  }, [id]);\n  return u;\n}`,
    ],
    [
      'an updater that only sets constants on the previous state',
      `export function P({ id }: { id: string }) {\n  const [s, setS] = useState({ id: '', loaded: false });\n  useEffect(() => {\n    void getUser(id).then(() => setS((prev) => ({ ...prev, loaded: true })));\n  }, [id]);\n  return s;\n}`,
    ],
  ] as const)('%s', (_name, code) => {
    tester.expectValid(code);
  });
});
