// Case: lucavallin/verto, fix commit 16c21190127e23b44b397f138cdf3411c59e1c6f ("Fix secondary rate limit while
// generating data", PR https://github.com/lucavallin/verto/pull/152). Rewritten in our own code: the data generator
// splits the listed repositories into chunks and reduces over them with an async reducer that waits `index` delays,
// queries the chunk, and only then awaits the accumulator: every chunk's query starts at once (staggered only by the
// timers), and GitHub's secondary rate limit stops the run.
import { writeFile } from 'node:fs/promises';
import firstIssue from '~/data/first-issue.json';
import { getRepositories, type RepositoryModel } from '~/github';

const reposPerRequest = 50;

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

[...new Set(firstIssue.repositories)]
  .reduce((chunks: string[][], name: string, index) => {
    const at = Math.floor(index / reposPerRequest);
    (chunks[at] ??= []).push(name);
    return chunks;
  }, [])
  .reduce<Promise<RepositoryModel[]>>(async (gathered, chunk, index, all) => {
    await pause(10000 * index);
    console.log(`Querying chunk ${index + 1} of ${all.length} (${chunk.length} repositories)`);
    const repositories = await getRepositories(chunk, firstIssue.labels);
    return [...(await gathered), ...repositories];
  }, Promise.resolve([]))
  .then((repositories) => writeFile('generated.json', JSON.stringify({ repositories })))
  .catch((error: unknown) => {
    console.error(error);
    process.exitCode = 1;
  });
