// Case: Kesin11/CIAnalyzer, fix commit 95311bc03343ae75ad4e788b7463581473ce5baa ("fix: Fetch custom report artifacts
// in parallel"; https://github.com/Kesin11/CIAnalyzer/pull/86), file src/client/jenkins_client.ts.
// The fixed code, rewritten in our own code: the fetch of every report starts at once, and the results are collected
// in the configured order. (The per-file loop in fetchFiles was parallelized by the next commit and is not scored.)
import { minimatch } from 'minimatch';

interface ReportConfig {
  readonly name: string;
  readonly globs: readonly string[];
}

interface BuildFile {
  readonly path: string;
  readonly bytes: ArrayBuffer;
}

interface BuildSummary {
  readonly number: number;
  readonly jobName: string;
  readonly files: readonly string[];
}

export class BuildServerClient {
  constructor(private readonly baseUrl: string) {}

  async fetchFiles(jobName: string, buildNumber: number, paths: readonly string[]): Promise<BuildFile[]> {
    return Promise.all(
      paths.map(async (path) => {
        const response = await fetch(`${this.baseUrl}/job/${jobName}/${buildNumber}/artifact/${path}`);
        return { path, bytes: await response.arrayBuffer() };
      }),
    );
  }

  async reportFiles(build: BuildSummary, configs: readonly ReportConfig[]): Promise<Map<string, BuildFile[]>> {
    const pending = configs.map((config) => {
      const matching = build.files.filter((path) => config.globs.some((glob) => minimatch(path, glob)));
      return { name: config.name, files: this.fetchFiles(build.jobName, build.number, matching) };
    });
    const reports = new Map<string, BuildFile[]>();
    for (const { name, files } of pending) {
      reports.set(name, await files);
    }
    return reports;
  }
}
