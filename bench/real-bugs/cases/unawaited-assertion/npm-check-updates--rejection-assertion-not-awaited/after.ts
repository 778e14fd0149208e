// Case: raineorshine/npm-check-updates, fix commit 6d0c3e3a1d910ec112737ddee704e8068a135fb6 ("test/workspaces: await
// rejected promise.";
// https://github.com/raineorshine/npm-check-updates/commit/6d0c3e3a1d910ec112737ddee704e8068a135fb6).
// The fixed code, rewritten in our own code: mocha tests check that conflicting options are refused with
// chai-as-promised's should.eventually.be.rejectedWith, but neither await nor return the assertion, so the tests
// pass whatever the promise does.
interface Options {
  workspaces?: boolean;
  workspace?: string[];
  deep?: boolean;
}

async function upgrade(options: Options): Promise<Record<string, string>> {
  if (options.deep && (options.workspaces || options.workspace)) {
    throw new Error('Cannot specify both --deep and --workspace(s)');
  }
  return {};
}

describe('workspaces', () => {
  it('refuses --workspaces together with --deep', async () => {
    await upgrade({ workspaces: true, deep: true }).should.eventually.be.rejectedWith('Cannot specify both');
  });

  it('refuses --workspace together with --deep', async () => {
    await upgrade({ workspace: ['a'], deep: true }).should.eventually.be.rejectedWith('Cannot specify both');
  });
});
