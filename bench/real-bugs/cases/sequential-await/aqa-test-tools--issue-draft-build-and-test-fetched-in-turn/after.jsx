// Case: adoptium/aqa-test-tools, fix commit 8a726c2722209bb54439740beb4818a606bd7024 ("Use Promise.all() to better
// handle asynchronous operations (#844)"; https://github.com/adoptium/aqa-test-tools/pull/844), file
// test-result-summary-client/src/Build/GitNewIssue.jsx. The fixed code, rewritten in our own code: the run's request
// and the check's request start together; only the log excerpt, which needs the check, waits for it.
import React, { useEffect, useState } from 'react';

async function getJson(path) {
  try {
    const reply = await fetch(path);
    return await reply.json();
  } catch (error) {
    console.error(error);
  }
}

export function ReportDraft({ query }) {
  const [draft, setDraft] = useState({ title: '', body: '' });

  useEffect(() => {
    async function load() {
      const { checkId, runId } = query;

      const runRequest = getJson(`/api/runs/${runId}`);
      const checkRequest = getJson(`/api/checks/${checkId}`);
      const [run, check] = await Promise.all([runRequest, checkRequest]);
      const { name, elapsed } = check;

      const excerpt = await getJson(`/api/logs/excerpt?log=${check.logId}`);
      const failureText = excerpt.text;

      const { pipeline, host, startedAt } = run[0];

      setDraft({
        title: `${name} failed on ${pipeline}`,
        body: [`host: ${host}`, `started: ${startedAt}`, `took: ${elapsed} ms`, failureText].join('\n'),
      });
    }
    load();
  }, [query]);

  return (
    <pre>
      {draft.title}
      {draft.body}
    </pre>
  );
}
