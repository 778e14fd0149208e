// Shared by before.js and after.js: the savings-goal model (the original's models/SavingGoal.js, a Mongoose model),
// reduced to an in-memory stand-in with the calls the controller makes: findOne, findOneAndUpdate and document.save.
const goals = new Map();

function asDocument(row) {
  return Object.assign({}, row, {
    save: async function save() {
      const { save: _save, ...fields } = this;
      goals.set(String(fields._id), fields);
      return this;
    },
  });
}

function matches(row, filter) {
  return Object.keys(filter).every((key) => String(row[key]) === String(filter[key]));
}

const SavingsGoal = {
  findOne: async function findOne(filter) {
    for (const row of goals.values()) if (matches(row, filter)) return asDocument(row);
    return null;
  },
  findOneAndUpdate: async function findOneAndUpdate(filter, pipeline) {
    for (const row of goals.values()) {
      if (matches(row, filter)) {
        const set = pipeline[0].$set.currentAmount.$min;
        row.currentAmount = Math.min(row.targetAmount, row.currentAmount + set[1].$add[1]);
        return asDocument(row);
      }
    }
    return null;
  },
};

module.exports = SavingsGoal;
