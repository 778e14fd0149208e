// Case: KanishJebaMathewM/Truxify, fix commit a425e489e5207ef034dfef33ff48e6bfef021c1a
// (PR https://github.com/KanishJebaMathewM/Truxify/pull/1298, issue #1278). Fixed: each race clears its timer once
// it settles.
import express from 'express';

/**
 * @param {{ dropSession(userId: string): Promise<void> }} sessions
 * @param {{ revokeTokens(userId: string): Promise<void> } | undefined} identity
 */
export function accountRoutes(sessions, identity) {
  const router = express.Router();

  router.post('/sign-out', async (req, res) => {
    const userId = String(req.headers['x-user-id'] ?? '');

    try {
      let sessionTimer;
      await Promise.race([
        sessions.dropSession(userId),
        new Promise((_, reject) => {
          sessionTimer = setTimeout(() => reject(new Error('session store did not answer in time')), 2000);
        }),
      ]).finally(() => clearTimeout(sessionTimer));
    } catch (error) {
      console.warn(`sign-out: session not dropped for ${userId}`, error);
    }

    if (userId && identity) {
      try {
        let identityTimer;
        await Promise.race([
          identity.revokeTokens(userId),
          new Promise((_, reject) => {
            identityTimer = setTimeout(() => reject(new Error('identity provider did not answer in time')), 3000);
          }),
        ]).finally(() => clearTimeout(identityTimer));
      } catch (error) {
        console.error(`sign-out: tokens not revoked for ${userId}`, error);
      }
    }

    res.json({ signedOut: true });
  });

  return router;
}
