// Helpers of the case in another module, as in the project (calls to a film database's HTTP API).
export type MediaKind = 'movie' | 'tv';
export interface Person {
  readonly name: string;
  readonly job?: string;
}
export interface Credits {
  readonly cast?: Person[];
  readonly crew?: Person[];
}
export declare function fetchSimilar(kind: MediaKind, id: number): Promise<unknown[] | undefined>;
export declare function fetchVideos(kind: MediaKind, id: number): Promise<unknown[] | undefined>;
export declare function fetchCredits(kind: MediaKind, id: number): Promise<Credits | undefined>;
export declare function fetchRecommended(kind: MediaKind, id: number): Promise<unknown[] | undefined>;
