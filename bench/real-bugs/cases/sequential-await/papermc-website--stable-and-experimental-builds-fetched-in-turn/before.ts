// Case: PaperMC/website, fix commit 4b92e835d9645ed8fe9c5d8a1031f5c85cb694b5 ("Wait on builds with promise.all";
// https://github.com/PaperMC/website/pull/192).
// The code just before the fix, rewritten in our own code: the download page of a project loads the builds of its
// stable version and, when there is one, of its preview version, the second request waiting for the first though it
// needs nothing from it.
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
  let stable: Outcome<Build[]> | null = null;
  let preview: Outcome<Build[]> | null = null;
  if (release.value) {
    stable = await buildsOf(project, release.value.stableVersion);
    if (release.value.previewVersion) {
      preview = await buildsOf(project, release.value.previewVersion);
    }
  } else {
    stable = { error: release.error };
    preview = { error: release.error };
  }
  return { release, stable, preview };
}
