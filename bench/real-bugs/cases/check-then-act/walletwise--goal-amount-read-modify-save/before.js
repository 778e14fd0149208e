// Case: SoumyaMishra-7/WalletWise, fix commit fe26edb17ddbe076f03b7069b5fde01e78b679d5 ("Fix: Race condition in
// addAmount using atomic findOneAndUpdate", pull request #174), source
// https://github.com/SoumyaMishra-7/WalletWise/pull/174. Rewritten in our own code: the endpoint that adds money to a
// savings goal loads the goal, computes the new amount from the loaded one (capped at the target) and saves the
// document. Two deposits at the same time both load the old amount, and the later save drops the other deposit.
const SavingsGoal = require('./goal-model');

const addToGoal = async (req, res) => {
  try {
    const goalId = req.params.id;
    const amount = parseFloat(req.body && req.body.amount);

    if (!amount || isNaN(amount) || amount <= 0) {
      return res.status(400).json({ success: false, message: 'A positive amount is required' });
    }

    const goal = await SavingsGoal.findOne({ _id: goalId, userId: req.userId, isActive: true });

    if (!goal) {
      return res.status(404).json({ success: false, message: 'No such goal' });
    }

    const nextAmount = Math.min(goal.targetAmount, goal.currentAmount + amount);
    goal.currentAmount = nextAmount;
    await goal.save();

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
