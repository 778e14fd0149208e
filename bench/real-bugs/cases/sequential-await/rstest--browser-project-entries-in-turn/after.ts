// Case: web-infra-dev/rstest, fix commit 07d89340baf579e19b7e6a6e8de7d7775c9ebb36 ("perf: parallelize independent
// async work (#1071)"), file packages/browser/src/hostController.ts.
// The fixed code, rewritten in our own code: every project's glob starts at once.
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
): Promise<ProjectEntries[]> =>
  Promise.all(
    projects.map(async (project) => {
      const { include, exclude, setupFiles } = project.config;

      const tests = await findTestEntries({
        include,
        exclude,
        rootPath,
        projectRoot: project.rootPath,
        filters,
      });

      const setup = setupFilesOf(setupFiles, project.rootPath);

      return {
        project,
        setupFiles: Object.values(setup),
        testFiles: Object.values(tests),
      };
    }),
  );
