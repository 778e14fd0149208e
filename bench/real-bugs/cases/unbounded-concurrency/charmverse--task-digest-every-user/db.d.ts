declare module '~/db' {
  export interface UserWithWallets {
    id: string;
    email: string | null;
    wallets: { address: string }[];
    settings: { snoozedUntil: Date | null } | null;
  }
  export const prisma: {
    user: {
      findMany(args: {
        where: Record<string, unknown>;
        select?: Record<string, unknown>;
      }): Promise<UserWithWallets[]>;
    };
    sentNotification: {
      findMany(args: {
        where: { taskId: { in: string[] }; userId: string };
        select: { taskId: true };
      }): Promise<{ taskId: string }[]>;
    };
  };
}
declare module '~/tasks' {
  export interface Task {
    id: string;
    title: string;
  }
  export function getWalletTasks(userId: string): Promise<Task[]>;
  export function getMentionTasks(userId: string): Promise<{ unread: Task[] }>;
  export function getVoteTasks(userId: string): Promise<Task[]>;
}
