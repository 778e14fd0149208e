// Case: Kesin11/CIAnalyzer, fix commit 0214b4878bc537bfddc18328c06766751664cbdc ("fix: Fetch artifacts in parallel";
// https://github.com/Kesin11/CIAnalyzer/pull/86), file src/client/github_client.ts.
// The fixed code, rewritten in our own code: every download starts at once; the archives are then shelved in order
// as each response arrives.
import type { HttpClient } from 'http-client';

interface RunArtifact {
  readonly name: string;
  readonly downloadUrl: string;
}

interface ArchiveShelf {
  add(name: string, archive: ArrayBuffer): Promise<void>;
  unpack(patterns: readonly string[]): Promise<Map<string, Uint8Array>>;
}

export class WorkflowArtifacts {
  constructor(
    private readonly http: HttpClient,
    private readonly listRunArtifacts: (runId: number) => Promise<RunArtifact[]>,
    private readonly shelf: () => ArchiveShelf,
  ) {}

  async collect(runId: number, patterns: readonly string[]): Promise<Map<string, Uint8Array>> {
    const artifacts = await this.listRunArtifacts(runId);
    const downloads = artifacts.map((artifact) => ({
      name: artifact.name,
      response: this.http.get(artifact.downloadUrl, { responseType: 'arraybuffer' }),
    }));
    const shelf = this.shelf();
    for (const { name, response } of downloads) {
      await shelf.add(name, (await response).data);
    }
    return shelf.unpack(patterns);
  }
}
