// The part of globby the case uses (the original imports it from 'globby').
declare module 'globby' {
  export default function globby(patterns: string | readonly string[], options?: { cwd?: string }): Promise<string[]>;
}
