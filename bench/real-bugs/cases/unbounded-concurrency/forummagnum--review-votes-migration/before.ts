// Case: ForumMagnum/ForumMagnum, fix commit 14be64548f272529674ddf3b9c29b86804e78e85 (merged as fcf95a86a0, "replace foreach with for loops to fix
// async issue", PR https://github.com/ForumMagnum/ForumMagnum/pull/4399). Rewritten in our own code: a migration
// loads every review vote of the year, then starts one update per vote and one per post from `forEach(async …)`
// callbacks; nothing waits, thousands of writes hit the database at once and the migration "finishes" first.
import { Posts, ReviewVotes, registerMigration, type ReviewVote } from 'forum-collections';

const weights: Record<number, number> = { 1: -9, 2: -4, 3: -1, 4: 0, 5: 1, 6: 4, 7: 9 };

function groupByUser(votes: ReviewVote[]): Record<string, ReviewVote[]> {
  const grouped: Record<string, ReviewVote[]> = {};
  for (const vote of votes) (grouped[vote.userId] ??= []).push(vote);
  return grouped;
}

registerMigration({
  name: 'recomputeReviewVotes',
  action: async () => {
    const votes = await ReviewVotes.find({ year: '2020' }).fetch();
    const votesByUser = groupByUser(votes);
    const scoresByPost: Record<string, number[]> = {};

    Object.keys(votesByUser).forEach(async (userId) => {
      for (const vote of votesByUser[userId] ?? []) {
        const weight = weights[vote.score] ?? 0;
        (scoresByPost[vote.postId] ??= []).push(weight);
        await ReviewVotes.update({ _id: vote._id }, { $set: { weight } });
      }
    });

    Object.keys(scoresByPost).forEach(async (postId) => {
      const scores = scoresByPost[postId] ?? [];
      await Posts.update({ _id: postId }, { $set: { reviewScore: scores.reduce((a, b) => a + b, 0) } });
    });
  },
});
