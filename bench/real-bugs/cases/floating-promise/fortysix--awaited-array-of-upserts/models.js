// Models of the case (Sequelize models in the original project), reduced to the calls the route makes.
const rows = new Map()

const table = (name) => ({
  async update(values, options) {
    rows.set(name + ':' + JSON.stringify(options.where), values)
    return [1, { id: 1, ...values }]
  },
  async upsert(values) {
    rows.set(name + ':' + JSON.stringify(values), values)
    return true
  },
})

const Experiment = {
  ...table('experiments'),
  async withAssociations(hash) {
    return { hash, settings: rows.get('settings'), mutations: [...rows.keys()] }
  },
}

module.exports = {
  Experiment,
  Settings: table('settings'),
  ExperimentMutations: table('experiment_mutations'),
}
