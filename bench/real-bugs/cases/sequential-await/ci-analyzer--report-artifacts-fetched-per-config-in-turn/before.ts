// Case: Kesin11/CIAnalyzer, fix commit 95311bc03343ae75ad4e788b7463581473ce5baa ("fix: Fetch custom report artifacts
// in parallel"; https://github.com/Kesin11/CIAnalyzer/pull/86), file src/client/jenkins_client.ts.
// The code just before the fix, rewritten in our own code: for each configured custom report, the build's matching
// artifact files are fetched, one report after the other.
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
    const files: BuildFile[] = [];
    for (const path of paths) {
      const response = await fetch(`${this.baseUrl}/job/${jobName}/${buildNumber}/artifact/${path}`);
      files.push({ path, bytes: await response.arrayBuffer() });
    }
    return files;
  }

  async reportFiles(build: BuildSummary, configs: readonly ReportConfig[]): Promise<Map<string, BuildFile[]>> {
    const reports = new Map<string, BuildFile[]>();
    for (const config of configs) {
      const matching = build.files.filter((path) => config.globs.some((glob) => minimatch(path, glob)));
      const files = await this.fetchFiles(build.jobName, build.number, matching);
      reports.set(config.name, files);
    }
    return reports;
  }
}
