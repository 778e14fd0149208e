// Case: adoptium/aqa-test-tools, fix commit 8a726c2722209bb54439740beb4818a606bd7024 ("Use Promise.all() to better
// handle asynchronous operations (#844)"; https://github.com/adoptium/aqa-test-tools/pull/844), file
// test-result-summary-client/src/Build/BuildDetail.jsx. The fixed code, rewritten in our own code: the jobs' request
// (whichever endpoint) and the pipeline's request are started together and awaited with Promise.all.
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
      let foundRequest;
      if (status || namePattern) {
        foundRequest = getJson(
          `/api/jobs/search?pipeline=${pipelineId}&status=${status ?? ''}&name=${namePattern ?? ''}`,
        );
      } else {
        foundRequest = getJson(`/api/pipelines/${pipelineId}/jobs`);
      }

      const ownerRequest = getJson(`/api/pipelines/${pipelineId}`);
      const [found, owner] = await Promise.all([foundRequest, ownerRequest]);

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
