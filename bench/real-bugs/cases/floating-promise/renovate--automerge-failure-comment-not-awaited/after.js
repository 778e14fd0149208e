// Case: renovatebot/renovate, fix commit 62bcf350765a25d8c95cb436aac4dc209345e72f ("fix: await
// platform.ensureComment"; https://github.com/renovatebot/renovate/commit/62bcf350765a25d8c95cb436aac4dc209345e72f).
// The fixed code, rewritten in our own code: when a branch cannot be merged automatically the worker posts an
// explanation on the pull request without awaiting the platform call, then goes on with the next steps.
'use strict';

/**
 * @param {{ addComment(number: number, topic: string, body: string): Promise<void>, branchStatus(): Promise<string> }} host
 * @param {{ number: number }} pr
 * @param {{ automerge: boolean, automergeFailure?: string }} settings
 */
async function finishPullRequest(host, pr, settings) {
  if (settings.automergeFailure) {
    let body = 'Automatic merging of the branch failed, so this pull request was opened instead.';
    if (settings.automergeFailure === 'status') {
      body += '\n\n- one or more status checks failed';
    }
    console.info('commenting on the pull request about the failed automerge');
    await host.addComment(pr.number, 'Automerge failed', body);
  }
  if (settings.automerge && (await host.branchStatus()) !== 'failure') {
    return 'skip-reviewers';
  }
  return 'assign-reviewers';
}

module.exports = { finishPullRequest };
