declare module 'glob' {
  export function glob(pattern: string, options?: { absolute?: boolean }): Promise<string[]>;
}
