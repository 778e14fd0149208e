import express from 'express';
import { settings } from './config.js';
import { orders } from './routes/orders.js';
import { payments } from './routes/payments.js';
import { cache, countView } from './services/cache.js';
import { sendNewsletter } from './services/notifier.js';

export const defaultPort = 3000;

const app = express();
app.use(express.json());
app.use(orders);
app.use(payments);

app.get('/products/:id', async (req, res) => {
  const views = await countView(String(req.params.id));
  res.json({ id: req.params.id, views });
});

app.post('/newsletter', (req, res) => {
  sendNewsletter(req.body.recipients as string[], String(req.body.body));
  res.status(202).end();
});

cache.on('connect', async () => {
  await cache.set('boot', new Date().toISOString(), 60);
});

app.listen(settings.port, () => {
  console.log(`shop-api listening on ${settings.port}`);
});
