// Case: KanishJebaMathewM/Truxify, fix commit a425e489e5207ef034dfef33ff48e6bfef021c1a
// (PR https://github.com/KanishJebaMathewM/Truxify/pull/1298, issue #1278). Rewritten in our own code: the logout
// route bounds two slow calls with Promise.race against a rejecting setTimeout, and never clears either timer when
// the call finishes first, leaving a pending timer per logout.
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
      await Promise.race([
        sessions.dropSession(userId),
        new Promise((_, reject) =>
          setTimeout(() => reject(new Error('session store did not answer in time')), 2000)
        ),
      ]);
    } catch (error) {
      console.warn(`sign-out: session not dropped for ${userId}`, error);
    }

    if (userId && identity) {
      try {
        await Promise.race([
          identity.revokeTokens(userId),
          new Promise((_, reject) =>
            setTimeout(() => reject(new Error('identity provider did not answer in time')), 3000)
          ),
        ]);
      } catch (error) {
        console.error(`sign-out: tokens not revoked for ${userId}`, error);
      }
    }

    res.json({ signedOut: true });
  });

  return router;
}
