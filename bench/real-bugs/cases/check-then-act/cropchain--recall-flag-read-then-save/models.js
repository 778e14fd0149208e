// Shared by before.js and after.js: the shipment model (the original's models/Batch.js, a Mongoose model), reduced to
// an in-memory stand-in with the calls the controller makes: findOne, findOneAndUpdate and document.save.
const rows = new Map();

function toDocument(row) {
  return Object.assign({}, row, {
    save: async function save() {
      const { save: _save, ...fields } = this;
      rows.set(fields.shipmentId, fields);
      return this;
    },
  });
}

function matches(row, filter) {
  return Object.keys(filter).every((key) => row[key] === filter[key]);
}

const Shipment = {
  findOne: async function findOne(filter) {
    for (const row of rows.values()) if (matches(row, filter)) return toDocument(row);
    return null;
  },
  findOneAndUpdate: async function findOneAndUpdate(filter, update) {
    for (const row of rows.values()) {
      if (matches(row, filter)) {
        Object.assign(row, update.$set || {});
        return toDocument(row);
      }
    }
    return null;
  },
};

module.exports = { Shipment };
