// Case: nimbella/nimbella-cli, fix commit 37d9b14a48f920e4b73d02bf991a442c518d914e ("Limit the number of outstanding
// web uploads", issue https://github.com/nimbella/nimbella-cli/issues/35: socket hang-ups deploying projects with
// hundreds of web files). Rewritten in our own code: deploying a project uploads every file of its web folder at once,
// the promises made by a map assigned to a variable in one branch and awaited, joined with the rest, later.
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

export async function deployProject(plan: DeployPlan): Promise<DeployResult> {
  let webUploads: Promise<DeployResult>[];
  if (plan.remoteBuild) {
    webUploads = [plan.waitForRemoteBuild(plan.remoteBuild)];
  } else if (plan.buildError) {
    webUploads = [Promise.resolve({ succeeded: [], failed: [plan.buildError] })];
  } else {
    webUploads = plan.web.map((file) => uploadWebFile(file, plan.bucket));
  }
  const results = await Promise.all(webUploads.concat([plan.writeManifest()]));
  return combine(results);
}
