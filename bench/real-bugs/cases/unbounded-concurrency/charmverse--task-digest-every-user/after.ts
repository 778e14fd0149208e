// Case: charmverse/app.charmverse.io, fix commit bda0ed21de933cfd8dd92e5568767e869262a4de ("Fix prisma limit for large
// parallel queries", PR https://github.com/charmverse/app.charmverse.io/pull/1421). Rewritten in our own code: the
// users are handled one after the other, each step awaiting the digests gathered so far before it queries.
import { prisma } from '~/db';
import { getMentionTasks, getVoteTasks, getWalletTasks, type Task } from '~/tasks';

export interface PendingDigest {
  userId: string;
  email: string;
  tasks: Task[];
}

export async function collectPendingDigests(): Promise<PendingDigest[]> {
  const users = await prisma.user.findMany({
    where: { deletedAt: null, AND: [{ email: { not: null } }, { email: { not: '' } }] },
    select: { id: true, email: true, wallets: true, settings: true },
  });
  const awake = users.filter((user) => {
    const until = user.settings?.snoozedUntil;
    return !until || until < new Date();
  });

  // one user at a time: each step waits for the previous one before it queries
  const digests = await awake.reduce<Promise<PendingDigest[]>>(async (previous, user) => {
    const gathered = await previous;
    const walletTasks = user.wallets.length > 0 ? await getWalletTasks(user.id) : [];
    const mentions = await getMentionTasks(user.id);
    const votes = await getVoteTasks(user.id);
    const alreadySent = await prisma.sentNotification.findMany({
      where: { taskId: { in: [...walletTasks, ...votes].map((task) => task.id) }, userId: user.id },
      select: { taskId: true },
    });
    const sent = new Set(alreadySent.map((row) => row.taskId));
    const tasks = [...walletTasks, ...votes].filter((task) => !sent.has(task.id)).concat(mentions.unread);
    return [...gathered, { userId: user.id, email: user.email ?? '', tasks }];
  }, Promise.resolve([]));

  return digests.filter((digest) => digest.tasks.length > 0);
}
