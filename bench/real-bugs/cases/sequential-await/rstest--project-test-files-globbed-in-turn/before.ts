// Case: web-infra-dev/rstest, fix commit 07d89340baf579e19b7e6a6e8de7d7775c9ebb36 ("perf: parallelize independent
// async work (#1071)"), file packages/core/src/core/listTests.ts.
// The code just before the fix, rewritten in our own code: listing the test files of every project globs each
// project's files through a function the caller passes in, one project after another, although no project's glob
// needs another's.
interface ProjectInfo {
  readonly name: string;
  readonly environment: string;
}

interface ListedFile {
  readonly path: string;
  readonly project: string;
  readonly tests: string[];
}

export const listProjectFiles = async ({
  projects,
  globEntries,
}: {
  projects: readonly ProjectInfo[];
  globEntries: (environment: string) => Promise<Record<string, string>>;
}) => {
  const list: ListedFile[] = [];
  for (const project of projects) {
    const files = await globEntries(project.environment);
    list.push(
      ...Object.values(files).map((path) => ({
        path,
        project: project.name,
        tests: [],
      })),
    );
  }
  return { errors: [], list };
};
