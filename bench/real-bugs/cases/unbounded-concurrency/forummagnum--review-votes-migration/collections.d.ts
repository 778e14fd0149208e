declare module 'forum-collections' {
  export interface ReviewVote {
    _id: string;
    userId: string;
    postId: string;
    score: number;
  }
  export interface Cursor<T> {
    fetch(): Promise<T[]>;
  }
  export const ReviewVotes: {
    find(selector: Record<string, unknown>): Cursor<ReviewVote>;
    update(selector: { _id: string }, modifier: Record<string, unknown>): Promise<number>;
  };
  export const Posts: {
    update(selector: { _id: string }, modifier: Record<string, unknown>): Promise<number>;
  };
  export function registerMigration(migration: { name: string; action: () => Promise<void> }): void;
}
