// Case: adoptium/aqa-test-tools, fix commit 8a726c2722209bb54439740beb4818a606bd7024 ("Use Promise.all() to better
// handle asynchronous operations (#844)"; https://github.com/adoptium/aqa-test-tools/pull/844), file
// test-result-summary-client/src/Build/BuildDetail.jsx. The code just before the fix, rewritten in our own code: a
// page polls the jobs of a pipeline (through one of two endpoints, chosen by the filters) and then the pipeline
// itself; the pipeline's request needs nothing from the jobs, yet waits for them on every poll.
import React, { useEffect, useState } from 'react';

async function getJson(path) {
  const reply = await fetch(path);
  return reply.json();
}

export function PipelineJobs({ pipelineId, status, namePattern }) {
  const [jobs, setJobs] = useState([]);
  const [pipeline, setPipeline] = useState(null);

  useEffect(() => {
    const refresh = async () => {
      let found;
      if (status || namePattern) {
        found = await getJson(
          `/api/jobs/search?pipeline=${pipelineId}&status=${status ?? ''}&name=${namePattern ?? ''}`,
        );
      } else {
        found = await getJson(`/api/pipelines/${pipelineId}/jobs`);
      }

      const owner = await getJson(`/api/pipelines/${pipelineId}`);

      setJobs(found);
      setPipeline(owner);
    };

    refresh();
    const every = setInterval(refresh, 5 * 60 * 1000);
    return () => clearInterval(every);
  }, [pipelineId, status, namePattern]);

  return (
    <section>
      <h2>{pipeline?.name}</h2>
      <ul>
        {jobs.map((job) => (
          <li key={job.id}>{job.name}</li>
        ))}
      </ul>
    </section>
  );
}
