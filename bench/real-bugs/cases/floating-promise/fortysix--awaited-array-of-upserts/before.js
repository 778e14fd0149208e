// Case: Minierre/fortysix, fix commit 0fbb0d9579ad279192c69d4208715cf848fa0f8f ("bugfix: form works", merged in pull
// request #351 "bugfix: fixes race condition on form update with async await"; the server route of the fix). Rewritten in our own code: saving an
// experiment's settings awaits `mutations.map(async …)`, which is an array, not a promise: the upserts are left
// running, the route reads the experiment back and answers before they are written, and a failed upsert is an
// unhandled rejection instead of reaching the error handler.
const router = require('express').Router()
const { Experiment, Settings, ExperimentMutations } = require('./models')

module.exports = router

router.put('/:hash', (req, res, next) => {
  const { settings, mutations, selectionId } = req.body

  Experiment.update(
    { selectionId },
    { where: { hash: req.params.hash }, returning: true, plain: true }
  )
    .then(async ([rowCount, experiment]) => {
      if (settings) {
        await Settings.update(settings, { where: { id: settings.id } })
      }

      if (mutations) {
        await mutations.map(async (mutation) => {
          await ExperimentMutations.upsert({
            chance: Number(mutation.chance),
            experimentId: experiment.id,
            mutationId: mutation.id
          })
        })
      }
      return rowCount
    })
    .then(() => {
      return Experiment.withAssociations(req.params.hash).then((experiment) => res.status(201).json(experiment))
    })
    .catch(next)
})
