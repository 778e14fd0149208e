// Shape checks of the case (a validations module in the original project).
export interface RepositorySettings {
  default_branch: string;
}

export interface RepliesFile {
  replies: Array<{ name: string; body: string }>;
}

export function isRepositorySettings(value: unknown): value is RepositorySettings {
  return typeof value === 'object' && value !== null && typeof (value as { default_branch?: unknown }).default_branch === 'string';
}

export function isRepliesFile(value: unknown): value is RepliesFile {
  return typeof value === 'object' && value !== null && Array.isArray((value as { replies?: unknown }).replies);
}
