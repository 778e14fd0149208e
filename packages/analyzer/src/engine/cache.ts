import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import type { ReportedFinding } from './suppressions.js';

/** One file's cached result. */
export interface CacheEntry {
  /** Hash of the file's text. */
  readonly contentHash: string;
  /**
   * For results that used type information: the fingerprint of the project they were computed in (every project
   * file's hash). Undefined for purely syntactic results, which depend on the file alone.
   */
  readonly projectHash: string | undefined;
  /** The findings after suppressions. */
  readonly findings: readonly ReportedFinding[];
}

interface CacheFile {
  readonly key: string;
  readonly entries: Record<string, CacheEntry>;
}

/** Hashes text (sha1 is enough: the cache only needs to notice changes, not resist attacks). */
export function hashText(text: string): string {
  return createHash('sha1').update(text).digest('hex');
}

/**
 * The default cache folder: `node_modules/.cache/awaitwise` when `cwd` has a `node_modules` folder, else
 * `.awaitwise-cache`.
 */
export function defaultCacheDir(cwd: string): string {
  const nodeModules = join(cwd, 'node_modules');
  return existsSync(nodeModules) ? join(nodeModules, '.cache', 'awaitwise') : join(cwd, '.awaitwise-cache');
}

/**
 * Per-file results keyed by the file's content hash, valid for one analyzer version and one rule configuration
 * (`key`). Type-aware results are also tied to the project's fingerprint: any change to a file of the project
 * invalidates them, since a type can come from any imported file.
 */
export class ResultCache {
  /** The cache file. */
  readonly file: string;
  private entries: Record<string, CacheEntry> = {};
  private dirty = false;

  constructor(
    dir: string,
    private readonly key: string,
  ) {
    this.file = resolve(dir, 'results.json');
    try {
      const parsed = JSON.parse(readFileSync(this.file, 'utf8')) as Partial<CacheFile>;
      if (parsed.key === key && typeof parsed.entries === 'object') this.entries = parsed.entries;
    } catch {
      // No cache yet, or an unreadable one: start empty, it is rewritten on save.
    }
  }

  /** The cached findings for `file`, when its text and (for typed results) its project are unchanged. */
  get(file: string, contentHash: string, projectHash: string): readonly ReportedFinding[] | undefined {
    const entry = this.entries[file];
    if (entry?.contentHash !== contentHash) return undefined;
    if (entry.projectHash !== undefined && entry.projectHash !== projectHash) return undefined;
    return entry.findings;
  }

  /** Stores a file's result. */
  set(file: string, entry: CacheEntry): void {
    this.entries[file] = entry;
    this.dirty = true;
  }

  /** Writes the cache file (atomically: a temporary file renamed over it). */
  save(): void {
    if (!this.dirty) return;
    mkdirSync(dirname(this.file), { recursive: true });
    const temporary = `${this.file}.${process.pid}.tmp`;
    writeFileSync(temporary, JSON.stringify({ key: this.key, entries: this.entries } satisfies CacheFile));
    renameSync(temporary, this.file);
    this.dirty = false;
  }
}
