// Case: PaperMC/website, fix commit 4b92e835d9645ed8fe9c5d8a1031f5c85cb694b5 ("Wait on builds with promise.all";
// https://github.com/PaperMC/website/pull/192).
// The fixed code, rewritten in our own code: both requests start, then the page waits for them together.
interface Build {
  readonly number: number;
  readonly channel: string;
}
interface Release {
  readonly stableVersion: string;
  readonly previewVersion?: string;
}
type Outcome<T> = { error?: string; value?: T };

declare function loadRelease(project: string): Promise<Outcome<Release>>;
declare function listBuilds(project: string, version: string): Promise<Build[]>;

async function buildsOf(project: string, version: string): Promise<Outcome<Build[]>> {
  try {
    return { value: await listBuilds(project, version) };
  } catch (error) {
    return { error: `no builds for ${project} ${version}: ${String(error)}` };
  }
}

export async function downloadPageData(project: string) {
  const release = await loadRelease(project);
  let stablePending: Promise<Outcome<Build[]>> | null = null;
  let previewPending: Promise<Outcome<Build[]>> | null = null;
  if (release.value) {
    stablePending = buildsOf(project, release.value.stableVersion);
    if (release.value.previewVersion) {
      previewPending = buildsOf(project, release.value.previewVersion);
    }
  } else {
    stablePending = Promise.resolve({ error: release.error });
    previewPending = Promise.resolve({ error: release.error });
  }
  const [stable, preview] = await Promise.all([stablePending, previewPending]);
  return { release, stable, preview };
}
