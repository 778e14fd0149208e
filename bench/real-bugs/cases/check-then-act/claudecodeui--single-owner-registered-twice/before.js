// Case: siteboon/claudecodeui, fix commit 23e5f7ac2daed918aca8c054c7b53e2a7ef941ae ("Fix: Prevent race condition in
// user registration"; https://github.com/siteboon/claudecodeui/pull/51). The code just before the fix, rewritten in
// our own code: the set-up endpoint of a single-owner server asks the account store (another module) whether any
// account exists, awaits the password hash, then inserts the account through the same store. Two set-up requests at
// once both find no account and both insert one, so a "single-user" server ends up with two owners.
import express from 'express';
import bcrypt from 'bcrypt';
import { accountStore } from './db.js';

export const setupRoutes = express.Router();

setupRoutes.post('/setup', async (req, res) => {
  try {
    const { login, secret } = req.body;
    if (!login || !secret || login.length < 3 || secret.length < 8) {
      return res.status(400).json({ error: 'A login of 3 characters and a secret of 8 are required' });
    }

    // only the first account may be created here
    const taken = accountStore.anyAccount();
    if (taken) {
      return res.status(403).json({ error: 'This server already has its owner.' });
    }

    const secretHash = await bcrypt.hash(secret, 12);

    const account = accountStore.insertAccount(login, secretHash);
    accountStore.touchSignIn(account.id);

    res.json({ ok: true, account: { id: account.id, login: account.login } });
  } catch (error) {
    console.error('Set-up failed:', error);
    if (error.code === 'SQLITE_CONSTRAINT_UNIQUE') {
      res.status(409).json({ error: 'That login is taken' });
    } else {
      res.status(500).json({ error: 'Internal server error' });
    }
  }
});
