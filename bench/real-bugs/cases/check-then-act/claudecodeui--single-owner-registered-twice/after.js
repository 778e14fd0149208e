// Case: siteboon/claudecodeui, fix commit 23e5f7ac2daed918aca8c054c7b53e2a7ef941ae ("Fix: Prevent race condition in
// user registration"; https://github.com/siteboon/claudecodeui/pull/51). The fixed code, rewritten in our own code:
// the check and the insert run inside one transaction opened on the connection.
import express from 'express';
import bcrypt from 'bcrypt';
import { accountStore, db } from './db.js';

export const setupRoutes = express.Router();

setupRoutes.post('/setup', async (req, res) => {
  try {
    const { login, secret } = req.body;
    if (!login || !secret || login.length < 3 || secret.length < 8) {
      return res.status(400).json({ error: 'A login of 3 characters and a secret of 8 are required' });
    }

    db.prepare('BEGIN').run();
    try {
      // only the first account may be created here
      const taken = accountStore.anyAccount();
      if (taken) {
        db.prepare('ROLLBACK').run();
        return res.status(403).json({ error: 'This server already has its owner.' });
      }

      const secretHash = await bcrypt.hash(secret, 12);

      const account = accountStore.insertAccount(login, secretHash);
      accountStore.touchSignIn(account.id);

      db.prepare('COMMIT').run();
      res.json({ ok: true, account: { id: account.id, login: account.login } });
    } catch (error) {
      db.prepare('ROLLBACK').run();
      throw error;
    }
  } catch (error) {
    console.error('Set-up failed:', error);
    if (error.code === 'SQLITE_CONSTRAINT_UNIQUE') {
      res.status(409).json({ error: 'That login is taken' });
    } else {
      res.status(500).json({ error: 'Internal server error' });
    }
  }
});
