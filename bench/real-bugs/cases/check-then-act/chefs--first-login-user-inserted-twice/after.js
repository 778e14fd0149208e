// Case: bcgov/common-hosted-form-service, fix commit 235af556fcaa9389f82e097af36d8941ab95f49a ("fix: FORMS-904 user
// insert race condition (#1129)"; https://github.com/bcgov/common-hosted-form-service/pull/1125).
// The fixed code, rewritten in our own code: the insert ignores a conflict on the unique subject, and the account is
// read back by that subject, so the request that loses the race reads the row the winner inserted.
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
      await Account.query(trx).insert(row).onConflict('subject').ignore();
      await trx.commit();
      return accounts.readAccount(row.subject);
    } catch (err) {
      if (trx) await trx.rollback();
      throw err;
    }
  },

  readAccount: async (subject) => {
    return Account.query().where('subject', subject).first().throwIfNotFound();
  },

  updateAccount: async (id, profile) => {
    let trx;
    try {
      trx = await Account.startTransaction();
      const update = { displayName: profile.displayName, email: profile.email, subject: profile.subject };
      await Account.query(trx).patchAndFetchById(id, update);
      await trx.commit();
      return accounts.readAccount(update.subject);
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
