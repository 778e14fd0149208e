// Case: nimbella/nimbella-cli, fix commit 37d9b14a48f920e4b73d02bf991a442c518d914e ("Limit the number of outstanding
// web uploads", issue https://github.com/nimbella/nimbella-cli/issues/35: socket hang-ups deploying projects with
// hundreds of web files). Rewritten in our own code: the web files are uploaded 20 at a time, each group awaited
// before the next starts.
export interface WebFile {
  readonly localPath: string;
  readonly remotePath: string;
  readonly mimeType: string;
}

export interface DeployResult {
  readonly succeeded: string[];
  readonly failed: Error[];
}

export interface Bucket {
  upload(localPath: string, remotePath: string, options: { contentType: string }): Promise<void>;
}

export interface DeployPlan {
  readonly web: WebFile[];
  readonly bucket: Bucket;
  readonly remoteBuild?: string;
  readonly buildError?: Error;
  writeManifest(): Promise<DeployResult>;
  waitForRemoteBuild(id: string): Promise<DeployResult>;
}

async function uploadWebFile(file: WebFile, bucket: Bucket): Promise<DeployResult> {
  try {
    await bucket.upload(file.localPath, file.remotePath, { contentType: file.mimeType });
    return { succeeded: [file.remotePath], failed: [] };
  } catch (error) {
    return { succeeded: [], failed: [error as Error] };
  }
}

function combine(results: DeployResult[]): DeployResult {
  return {
    succeeded: results.flatMap((r) => r.succeeded),
    failed: results.flatMap((r) => r.failed),
  };
}

const MAX_UPLOADS_AT_ONCE = 20;

async function uploadAllWebFiles(plan: DeployPlan): Promise<DeployResult[]> {
  let pending = plan.web;
  const results: DeployResult[] = [];
  while (pending.length > 0) {
    const group = pending.length > MAX_UPLOADS_AT_ONCE ? pending.slice(0, MAX_UPLOADS_AT_ONCE) : pending;
    pending = pending.slice(group.length);
    const uploads = group.map((file) => uploadWebFile(file, plan.bucket));
    results.push(...(await Promise.all(uploads)));
  }
  return results;
}

export async function deployProject(plan: DeployPlan): Promise<DeployResult> {
  let webResults: DeployResult[];
  if (plan.remoteBuild) {
    webResults = [await plan.waitForRemoteBuild(plan.remoteBuild)];
  } else if (plan.buildError) {
    webResults = [{ succeeded: [], failed: [plan.buildError] }];
  } else {
    webResults = await uploadAllWebFiles(plan);
  }
  const results = webResults.concat([await plan.writeManifest()]);
  return combine(results);
}
