declare module 'catalog-api' {
  export type Fetch = (input: string) => Promise<{ json(): Promise<unknown> }>;
  export interface Term {
    readonly id: string;
    readonly name: string;
  }
  export type ProductResult =
    | { status: 'found'; product: { code: string; name: string } }
    | { status: 'failure'; errors: string[] };
  export function loadProduct(code: string, fetch: Fetch): Promise<ProductResult>;
  export function loadVocabulary(kind: string, fetch: Fetch): Promise<Term[]>;
}
