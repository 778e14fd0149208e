// Case: Nitya-003/CropChain, fix commit 3267c2c4e4c1f96756ef17d33084005da6354420 ("Fix: Race condition in
// batchController.updateBatch and recallBatch due to missing optimistic locking enables concurrent overwrites", pull
// request #684), source https://github.com/Nitya-003/CropChain/pull/684. Rewritten in our own code: the fixed version.
// The flag is set by one conditional findOneAndUpdate ({ recalled: false } in the filter), so only the first of
// concurrent requests matches; a second read tells "not found" from "already recalled" afterwards.
const { Shipment } = require('./models');

const isAdmin = (role) => role === 'admin' || role === 'owner';

const audit = {
  record: async function record(entry) {
    console.log('audit', JSON.stringify(entry));
  },
};

exports.recallShipment = async (req, res) => {
  try {
    const { shipmentId } = req.params;

    if (!req.user || !isAdmin(req.user.role)) {
      return res.status(403).json({ error: 'Admins only', code: 'FORBIDDEN' });
    }

    const shipment = await Shipment.findOneAndUpdate(
      { shipmentId, recalled: false },
      { $set: { recalled: true } },
      { new: true },
    );

    if (!shipment) {
      const existing = await Shipment.findOne({ shipmentId });
      if (!existing) {
        return res.status(404).json({ error: `No shipment ${shipmentId}` });
      }
      return res.status(400).json({ error: 'Shipment already recalled', code: 'ALREADY_RECALLED' });
    }

    await audit.record({ userId: req.user.id, event: 'shipment_recalled', shipmentId });

    res.json({ ok: true, shipment });
  } catch (error) {
    res.status(500).json({ error: error.message });
  }
};
