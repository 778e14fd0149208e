// Helpers of the case in other modules, as in the project (an HTTP API, a session store, an auth service).
export interface Genre {
  readonly id: number;
  readonly name: string;
}
export interface Session {
  has(key: string): boolean;
  get(key: string): string | undefined;
}
export declare function fetchGenres(kind: 'movie' | 'tv', language: string): Promise<Genre[]>;
export declare function localeOf(request: Request): Promise<string>;
export declare function readSession(cookie: string | null): Promise<Session>;
export declare function userFor(token: string | undefined): Promise<{ user: { id: string } | null; error: unknown }>;
export declare function languageCookie(locale: string): Promise<string>;
