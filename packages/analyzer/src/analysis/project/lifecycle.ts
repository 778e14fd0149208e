/**
 * The members that end an object's life, in the spellings of the platforms and frameworks: Node's resources
 * (`close`, `destroy`, `disconnect` …), disposables (`dispose`, `Symbol.dispose`), web components
 * (`disconnectedCallback`), React class components (`componentWillUnmount`) and Angular (`ngOnDestroy`). The rules
 * that ask "does this owner have an end, and what runs in it" (listener-leak, timer-leak) start from this set and add
 * the words of their own resources.
 */
export const lifecycleEndNames: ReadonlySet<string> = new Set([
  'close',
  'dispose',
  'destroy',
  'stop',
  'disconnect',
  'shutdown',
  'teardown',
  'terminate',
  'unmount',
  'detach',
  'cleanup',
  'disconnectedCallback',
  'componentWillUnmount',
  'ngOnDestroy',
  '[Symbol.dispose]',
  '[Symbol.asyncDispose]',
]);
