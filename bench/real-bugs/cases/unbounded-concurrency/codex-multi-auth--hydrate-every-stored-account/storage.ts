// Our own stand-in for the project's storage module: the accounts a user has signed in with, kept in a JSON file.
import { readFile, writeFile } from 'node:fs/promises';

export interface StoredAccount {
  refreshToken: string;
  accessToken?: string;
  expiresAt?: number;
  email?: string;
}

export interface AccountFile {
  version: 3;
  accounts: StoredAccount[];
}

const accountsPath = `${process.env.HOME ?? '.'}/.config/codex-accounts.json`;

export async function loadAccountFile(): Promise<AccountFile | null> {
  try {
    return JSON.parse(await readFile(accountsPath, 'utf8')) as AccountFile;
  } catch {
    return null;
  }
}

export async function saveAccountFile(file: AccountFile): Promise<void> {
  await writeFile(accountsPath, JSON.stringify(file, null, 2));
}
