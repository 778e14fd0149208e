// Case: web-infra-dev/rstest, fix commit 07d89340baf579e19b7e6a6e8de7d7775c9ebb36 ("perf: parallelize independent
// async work (#1071)"), file packages/browser/src/hostController.ts.
// The code just before the fix, rewritten in our own code: the browser runner gathers each browser project's test
// entries with a glob from another module, awaiting one project's glob before starting the next.
import { findTestEntries, setupFilesOf } from './entries.js';

interface BrowserProject {
  readonly rootPath: string;
  readonly config: { include: string[]; exclude: string[]; setupFiles: string[] };
}

interface ProjectEntries {
  readonly project: BrowserProject;
  readonly setupFiles: string[];
  readonly testFiles: string[];
}

export const gatherEntries = async (
  rootPath: string,
  projects: readonly BrowserProject[],
  filters: string[],
): Promise<ProjectEntries[]> => {
  const gathered: ProjectEntries[] = [];

  for (const project of projects) {
    const { include, exclude, setupFiles } = project.config;

    const tests = await findTestEntries({
      include,
      exclude,
      rootPath,
      projectRoot: project.rootPath,
      filters,
    });

    const setup = setupFilesOf(setupFiles, project.rootPath);

    gathered.push({
      project,
      setupFiles: Object.values(setup),
      testFiles: Object.values(tests),
    });
  }

  return gathered;
};
