// The shape of the HTML parser this case uses (cheerio-like).
declare module 'html-query' {
  export interface Anchor {
    attribs: Record<string, string>;
  }
  export interface Selection {
    attr(name: string): string | undefined;
    each(visit: (index: number, element: Anchor) => void): void;
  }
  export function load(html: string): (selector: string) => Selection;
}
