import { describe, it } from 'vitest';
import { ruleTester } from '../support/rule-tester.js';

// React state in async handlers: the handler holds the render's snapshot. A busy check on that state does not see
// the handler's own claim until the next render (double submissions, fixed with a ref), and a set computed from the
// snapshot after an await loses what changed meanwhile (fixed with the updater form). Shapes from public fixes
// (a form hook submitting twice, an editor whose second patch dropped the first), rewritten in our own code.
const tester = ruleTester('check-then-act', {
  fileName: 'src/editor.tsx',
  prelude: `import { useCallback, useRef, useState } from 'react';
declare function send(body: string): Promise<void>;
declare function lookup(id: string): Promise<string>;
`,
});

describe('check-then-act: React state in an async handler', () => {
  it.each([
    [
      'a busy check on state, claimed with its setter before the await (arrow in a component)',
      'renderState',
      `export function Form({ body }: { body: string }) {
  const [submitting, setSubmitting] = useState(false);
  const onSubmit = async () => {
    if (submitting) return;
    /*!*/setSubmitting(true);
    try {
      await send(body);
    } finally {
      setSubmitting(false);
    }
  };
  return <button onClick={() => void onSubmit()} disabled={submitting}>Send</button>;
}`,
    ],
    [
      'the same check in a useCallback of a hook (function expression)',
      'renderState',
      `export function useSubmit(body: string) {
  const [busy, setBusy] = useState(false);
  const submit = useCallback(async function () {
    if (busy) {
      return;
    }
    /*!*/setBusy(true);
    await send(body);
    setBusy(false);
  }, [busy, body]);
  return { busy, submit };
}`,
    ],
    [
      'a list set from the snapshot after an await',
      'renderSnapshot',
      `export function Tags({ id }: { id: string }) {
  const [tags, setTags] = useState<string[]>([]);
  const add = async () => {
    const tag = await lookup(id);
    /*!*/setTags([...tags, tag]);
  };
  return <button onClick={() => void add()}>{tags.length}</button>;
}`,
    ],
    [
      'a helper of the component that sets from the snapshot, called after an await',
      'renderSnapshot',
      `interface Link { id: string; module?: string; batch?: string }
export function LinkEditor({ id }: { id: string }) {
  const [links, setLinks] = useState<Link[]>([]);
  const patch = (change: Partial<Link>) => {
    setLinks(links.map((link) => (link.id === id ? { ...link, ...change } : link)));
  };
  const choose = async (module: string) => {
    patch({ module });
    /*!*/patch({ batch: await lookup(module) });
  };
  return <select onChange={(event) => void choose(event.target.value)} />;
}`,
    ],
  ])('%s', (_name, messageId, code) => {
    // the busy check is reported under `strict` only (React 18 usually renders between two clicks)
    tester.expectInvalid({
      code,
      messageId,
      ...(messageId === 'renderState' ? { options: { strict: true } } : {}),
    });
    if (messageId === 'renderState') tester.expectValid({ code: code.replaceAll('/*!*/', '') });
  });
});

describe('check-then-act: React state, fixed', () => {
  it.each([
    [
      'a ref read and set synchronously guards the submission',
      `export function Form({ body }: { body: string }) {
  const [submitting, setSubmitting] = useState(false);
  const inFlight = useRef(false);
  const onSubmit = async () => {
    if (inFlight.current) return;
    inFlight.current = true;
    setSubmitting(true);
    try {
      await send(body);
    } finally {
      inFlight.current = false;
      setSubmitting(false);
    }
  };
  return <button onClick={() => void onSubmit()} disabled={submitting}>Send</button>;
}`,
    ],
    [
      'the updater form after the await',
      `export function Tags({ id }: { id: string }) {
  const [tags, setTags] = useState<string[]>([]);
  const add = async () => {
    const tag = await lookup(id);
    setTags((current) => [...current, tag]);
  };
  return <button onClick={() => void add()}>{tags.length}</button>;
}`,
    ],
    [
      'a helper that patches with the updater form',
      `interface Link { id: string; module?: string; batch?: string }
export function LinkEditor({ id }: { id: string }) {
  const [links, setLinks] = useState<Link[]>([]);
  const patch = (change: Partial<Link>) => {
    setLinks((current) => current.map((link) => (link.id === id ? { ...link, ...change } : link)));
  };
  const choose = async (module: string) => {
    patch({ module });
    patch({ batch: await lookup(module) });
  };
  return <select onChange={(event) => void choose(event.target.value)}>{links.length}</select>;
}`,
    ],
    [
      'a value set after an await that does not come from the state',
      `export function Status({ id }: { id: string }) {
  const [status, setStatus] = useState('idle');
  const refresh = async () => {
    setStatus('loading');
    setStatus(await lookup(id));
  };
  return <button onClick={() => void refresh()}>{status}</button>;
}`,
    ],
  ])('%s', (_name, code) => {
    tester.expectValid({ code });
  });
});
