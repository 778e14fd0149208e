import { describe, it } from 'vitest';
import { ruleTester } from '../support/rule-tester.js';

// A find-then-create inside a transaction the code opens itself, with no lock and no isolation level: at the default
// isolation level (read committed in PostgreSQL and most drivers, snapshot reads in MongoDB) two such transactions
// both find the row missing and both insert it, or the second fails on the unique key and the request with it.
// Shapes from public fixes (a consent decision found or created inside the request's transaction, fixed by catching
// the losing create; a claim found then created inside `$transaction`, fixed by mapping P2002 to a conflict; a
// booking checked then inserted inside `$transaction`, fixed with `SELECT … FOR UPDATE`), rewritten in our own code.
const tester = ruleTester('check-then-act', {
  prelude: `interface Claim { id: string; repo: string; number: number; owner: string }
interface Claims {
  findUnique(q: { where: Partial<Claim> }): Promise<Claim | null>;
  create(q: { data: Partial<Claim> }): Promise<Claim>;
}
declare const db: {
  claim: Claims;
  $transaction<T>(work: (tx: { claim: Claims }) => Promise<T>, options?: { isolationLevel?: string }): Promise<T>;
};
`,
});

describe('check-then-act: find-then-create inside a transaction this code opens', () => {
  it('reports the lookup and the create inside $transaction (Prisma)', () => {
    tester.expectInvalid({
      messageId: 'keyRace',
      code: `export async function claim(repo: string, number: number, owner: string) {
  return db.$transaction(async (tx) => {
    const existing = await tx.claim.findUnique({ where: { repo, number } });
    if (existing) return existing;
    return /*!*/tx.claim.create({ data: { repo, number, owner } });
  });
}`,
    });
  });

  it('reports the CommonJS spelling (knex.transaction, untyped)', () => {
    tester.expectInvalid({
      fileName: 'src/tags.js',
      prelude: '',
      messageId: 'keyRace',
      code: `const knex = require('knex')({ client: 'pg' });
async function tagOf(name) {
  return knex.transaction(async (trx) => {
    const tag = await trx('tags').where({ name }).first();
    if (tag) return tag;
    const [id] = await /*!*/trx('tags').insert({ name });
    return { id, name };
  });
}
module.exports = { tagOf };`,
    });
  });

  it.each([
    [
      'the losing create caught inside the transaction (the fix: read the winner)',
      `export async function claim(repo: string, number: number, owner: string) {
  return db.$transaction(async (tx) => {
    const existing = await tx.claim.findUnique({ where: { repo, number } });
    if (existing) return existing;
    return tx.claim.create({ data: { repo, number, owner } }).catch(() => tx.claim.findUnique({ where: { repo, number } }));
  });
}`,
    ],
    [
      'a serializable transaction (the database aborts one of the two)',
      `export async function claim(repo: string, number: number, owner: string) {
  return db.$transaction(
    async (tx) => {
      const existing = await tx.claim.findUnique({ where: { repo, number } });
      if (existing) return existing;
      return tx.claim.create({ data: { repo, number, owner } });
    },
    { isolationLevel: 'Serializable' },
  );
}`,
    ],
    [
      'a transaction handed in by the caller (it may hold the lock that serialises this)',
      `export async function claimIn(tx: { claim: Claims }, repo: string, number: number, owner: string) {
  const existing = await tx.claim.findUnique({ where: { repo, number } });
  if (existing) return existing;
  return tx.claim.create({ data: { repo, number, owner } });
}`,
    ],
    [
      'an update of the row read inside the transaction (a lost update is for a lock, not a duplicate)',
      `declare const accounts: { findUnique(q: object): Promise<{ id: string; owner: string } | null>; update(q: object): Promise<void> };
export async function rename(id: string, owner: string) {
  return db.$transaction(async () => {
    const account = await accounts.findUnique({ where: { id } });
    if (!account) throw new Error(id);
    await accounts.update({ where: { id }, data: { owner } });
  });
}`,
    ],
  ])('leaves alone %s', (_name, code) => {
    tester.expectValid(code);
  });
});
