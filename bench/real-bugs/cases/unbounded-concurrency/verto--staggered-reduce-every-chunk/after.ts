// Case: lucavallin/verto, fix commit 16c21190127e23b44b397f138cdf3411c59e1c6f ("Fix secondary rate limit while
// generating data", PR https://github.com/lucavallin/verto/pull/152). Rewritten in our own code: each step chains on
// the accumulator first (`gathered.then(…)`), so the chunks are queried one after the other with a pause between.
import { writeFile } from 'node:fs/promises';
import firstIssue from '~/data/first-issue.json';
import { getRepositories, type RepositoryModel } from '~/github';

const reposPerRequest = 25;

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

[...new Set(firstIssue.repositories)]
  .reduce((chunks: string[][], name: string, index) => {
    const at = Math.floor(index / reposPerRequest);
    (chunks[at] ??= []).push(name);
    return chunks;
  }, [])
  .reduce<Promise<RepositoryModel[]>>(
    (gathered, chunk, index, all) =>
      gathered.then(async (repositories) => {
        console.log(`Querying chunk ${index + 1} of ${all.length} (${chunk.length} repositories)`);
        const found = await getRepositories(chunk, firstIssue.labels);
        await pause(1000);
        return [...repositories, ...found];
      }),
    Promise.resolve([]),
  )
  .then((repositories) => writeFile('generated.json', JSON.stringify({ repositories })))
  .catch((error: unknown) => {
    console.error(error);
    process.exitCode = 1;
  });
