// Case: SoumyaMishra-7/WalletWise, fix commit fe26edb17ddbe076f03b7069b5fde01e78b679d5 ("Fix: Race condition in
// addAmount using atomic findOneAndUpdate", pull request #174), source
// https://github.com/SoumyaMishra-7/WalletWise/pull/174. Rewritten in our own code: the fixed version. The new amount is
// computed by the database in one findOneAndUpdate with an aggregation pipeline, so concurrent deposits add up.
const SavingsGoal = require('./goal-model');

const addToGoal = async (req, res) => {
  try {
    const goalId = req.params.id;
    const amount = parseFloat(req.body && req.body.amount);

    if (!amount || isNaN(amount) || amount <= 0) {
      return res.status(400).json({ success: false, message: 'A positive amount is required' });
    }

    const goal = await SavingsGoal.findOneAndUpdate(
      { _id: goalId, userId: req.userId, isActive: true },
      [
        {
          $set: {
            currentAmount: {
              $min: ['$targetAmount', { $add: ['$currentAmount', amount] }],
            },
          },
        },
      ],
      { new: true },
    );

    if (!goal) {
      return res.status(404).json({ success: false, message: 'No such goal' });
    }

    res.json({
      success: true,
      goal: { id: goal._id, name: goal.name, targetAmount: goal.targetAmount, currentAmount: goal.currentAmount },
    });
  } catch (error) {
    console.error('add to goal failed:', error);
    res.status(500).json({ success: false, message: 'Could not add the amount' });
  }
};

module.exports = { addToGoal };
