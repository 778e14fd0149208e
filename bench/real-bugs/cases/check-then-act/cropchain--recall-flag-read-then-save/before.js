// Case: Nitya-003/CropChain, fix commit 3267c2c4e4c1f96756ef17d33084005da6354420 ("Fix: Race condition in
// batchController.updateBatch and recallBatch due to missing optimistic locking enables concurrent overwrites", pull
// request #684), source https://github.com/Nitya-003/CropChain/pull/684. Rewritten in our own code: the admin endpoint
// that recalls a shipment loads the document, refuses when its `recalled` flag is already set, then sets the flag and
// saves. Two concurrent recall requests both load the document before either saves, both pass the check, and the recall
// is logged and broadcast twice.
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

    const shipment = await Shipment.findOne({ shipmentId });

    if (!shipment) {
      return res.status(404).json({ error: `No shipment ${shipmentId}` });
    }

    if (shipment.recalled) {
      return res.status(400).json({ error: 'Shipment already recalled', code: 'ALREADY_RECALLED' });
    }

    if (!req.user || !isAdmin(req.user.role)) {
      return res.status(403).json({ error: 'Admins only', code: 'FORBIDDEN' });
    }

    shipment.recalled = true;
    await shipment.save();

    await audit.record({ userId: req.user.id, event: 'shipment_recalled', shipmentId });

    res.json({ ok: true, shipment });
  } catch (error) {
    res.status(500).json({ error: error.message });
  }
};
