// Case: bcgov/common-hosted-form-service, fix commit 235af556fcaa9389f82e097af36d8941ab95f49a ("fix: FORMS-904 user
// insert race condition (#1129)"; https://github.com/bcgov/common-hosted-form-service/pull/1125).
// The code just before the fix, rewritten in our own code: on every authenticated request the service looks the
// account up by its identity-provider id and, when none is found, inserts one through a helper. A first login fires
// several requests at once; each finds no account and each inserts one, and all but one fail on the unique key.
const { randomUUID } = require('node:crypto');

const { Account } = require('./models');

const accounts = {
  createAccount: async (profile) => {
    let trx;
    try {
      trx = await Account.startTransaction();
      const row = {
        id: randomUUID(),
        providerUserId: profile.providerUserId,
        subject: profile.subject,
        displayName: profile.displayName,
        email: profile.email,
      };
      await Account.query(trx).insert(row);
      await trx.commit();
      return accounts.readAccount(row.id);
    } catch (err) {
      if (trx) await trx.rollback();
      throw err;
    }
  },

  readAccount: async (id) => {
    return Account.query().findById(id).throwIfNotFound();
  },

  updateAccount: async (id, profile) => {
    let trx;
    try {
      trx = await Account.startTransaction();
      await Account.query(trx).patchAndFetchById(id, { displayName: profile.displayName, email: profile.email });
      await trx.commit();
      return accounts.readAccount(id);
    } catch (err) {
      if (trx) await trx.rollback();
      throw err;
    }
  },

  resolveAccount: async (profile) => {
    if (profile.anonymous) return { id: 'anonymous', ...profile };

    let account = await Account.query().first().where('providerUserId', profile.providerUserId);
    if (!account) {
      account = await accounts.createAccount(profile);
    } else {
      account = await accounts.updateAccount(account.id, profile);
    }
    return { id: account.id, ...profile };
  },
};

module.exports = accounts;
