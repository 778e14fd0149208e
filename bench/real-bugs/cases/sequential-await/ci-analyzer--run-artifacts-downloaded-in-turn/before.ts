// Case: Kesin11/CIAnalyzer, fix commit 0214b4878bc537bfddc18328c06766751664cbdc ("fix: Fetch artifacts in parallel";
// https://github.com/Kesin11/CIAnalyzer/pull/86), file src/client/github_client.ts.
// The code just before the fix, rewritten in our own code: the archives a workflow run produced are downloaded one
// after the other, each download waiting for the previous one and for its unpacking into a scratch folder.
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
    const shelf = this.shelf();
    for (const artifact of artifacts) {
      const response = await this.http.get(artifact.downloadUrl, { responseType: 'arraybuffer' });
      await shelf.add(artifact.name, response.data);
    }
    return shelf.unpack(patterns);
  }
}
