// A stand-in for the project's Objection.js models: `Account.query(trx)` starts a query builder on the table.
class Account {
  static query() {
    throw new Error('stand-in: no database in the corpus');
  }

  static startTransaction() {
    throw new Error('stand-in: no database in the corpus');
  }
}

module.exports = { Account };
