// Case: web-infra-dev/rstest, fix commit 07d89340baf579e19b7e6a6e8de7d7775c9ebb36 ("perf: parallelize independent
// async work (#1071)"), file packages/core/src/core/listTests.ts.
// The fixed code, rewritten in our own code: every project is globbed at once and the lists joined in order.
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
  const perProject: ListedFile[][] = await Promise.all(
    projects.map(async (project) => {
      const files = await globEntries(project.environment);
      return Object.values(files).map((path) => ({
        path,
        project: project.name,
        tests: [],
      }));
    }),
  );
  const list = perProject.flat();
  return { errors: [], list };
};
