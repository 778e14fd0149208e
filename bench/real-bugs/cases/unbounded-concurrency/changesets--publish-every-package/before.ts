// Case: changesets/changesets, fix commit 92243856c1ccede60202b456e3eb1a6458a47ac7 ("fix(cli): limit publishing
// concurrency", PR https://github.com/changesets/changesets/pull/522). Rewritten in our own code: `publish` starts
// `npm publish` for every unpublished package of the monorepo at once; a repository with dozens of packages gets
// errors from the registry.
import { join } from 'node:path';
import * as npm from '@changesets/npm-utils';

interface PublishResult {
  name: string;
  version: string;
  published: boolean;
}

async function publishOne(pkg: npm.WorkspacePackage, access: string, tag: string): Promise<PublishResult> {
  const { name, version, publishConfig } = pkg.packageJson;
  const cwd = publishConfig?.directory ? join(pkg.dir, publishConfig.directory) : pkg.dir;
  const outcome = await npm.publish(name, { cwd, access: publishConfig?.access ?? access, tag });
  return { name, version, published: outcome.published };
}

async function unpublished(packages: npm.WorkspacePackage[]): Promise<npm.WorkspacePackage[]> {
  const versions = await npm.publishedVersions(packages.map((pkg) => pkg.packageJson.name));
  return packages.filter(
    (pkg) => !(versions.get(pkg.packageJson.name) ?? []).includes(pkg.packageJson.version),
  );
}

export default async function publishPackages(options: {
  packages: npm.WorkspacePackage[];
  access: string;
  tag?: string;
}): Promise<PublishResult[]> {
  const candidates = options.packages.filter((pkg) => !pkg.packageJson.private);
  const pending = await unpublished(candidates);
  if (pending.length === 0) console.warn('No unpublished packages to publish');

  const promises: Promise<PublishResult>[] = [];
  for (const pkg of pending) {
    promises.push(publishOne(pkg, options.access, options.tag ?? 'latest'));
  }
  return Promise.all(promises);
}
