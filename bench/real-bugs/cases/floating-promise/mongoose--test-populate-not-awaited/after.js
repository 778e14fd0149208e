// Case: Automattic/mongoose, fix commit 7f3a43f134e75098314d83a628e8db22e6aeff7a ("fix: await post.populate() in
// test to prevent dangling promise and fix flaky test on Node 18";
// https://github.com/Automattic/mongoose/commit/7f3a43f134e75098314d83a628e8db22e6aeff7a).
// The fixed code, rewritten in our own code: a test populates one path of a document without awaiting it, then
// changes the shared options object and populates a second path, so the first populate may read the mutated options
// and its promise dangles.
'use strict';
const assert = require('node:assert');

/**
 * @typedef {{ path: string, select?: string, options?: { sort?: string } }} PopulateOptions
 * @typedef {{ author?: { name: string }, readers: Array<{ name: string }>, populate(options: PopulateOptions): Promise<unknown> }} Article
 */

describe('document.populate', function () {
  it('populates two paths with one reused options object', async function () {
    /** @type {Article} */
    const article = await loadArticle();

    const options = { select: '-email', options: { sort: 'name' }, path: 'author' };
    await article.populate(options);
    options.path = 'readers';
    await article.populate(options);

    assert.equal(article.readers.length, 2);
    assert.ok(article.author);
  });
});

/** @returns {Promise<Article>} */
async function loadArticle() {
  throw new Error('provided by the test database fixture');
}
