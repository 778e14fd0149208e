declare module 'lodash.debounce' {
  interface Debounced<F extends (...args: never[]) => unknown> {
    (...args: Parameters<F>): void;
    cancel(): void;
    flush(): void;
  }
  /** Returns a function that calls `fn` once `waitMs` have passed without another call. */
  export default function debounce<F extends (...args: never[]) => unknown>(fn: F, waitMs?: number): Debounced<F>;
}
