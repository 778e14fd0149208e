// Case: knex/knex, fix commit c1ab23c206a5a7c932b3a113ea6c05e967add6c3 ("Await asynchronous expect assertions
// (#4334)"; https://github.com/knex/knex/pull/4334).
// The fixed code, rewritten in our own code: an integration test checks that an empty insert is refused with
// chai-as-promised's rejectedWith, inside an async test that neither awaits nor returns the assertion, so the check
// never decides the test.
'use strict';
const { expect } = require('chai');

/** @param {(table: string) => { insert(rows: unknown[]): Promise<unknown> }} db */
module.exports = function insertTests(db) {
  describe('inserts', function () {
    it('refuses an empty list of rows', async function () {
      await expect(db('account').insert([])).to.be.rejectedWith(Error, 'The query is empty');
    });
  });
};
