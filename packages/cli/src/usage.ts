/**
 * A problem with how the command was called, configured or installed: printed as what failed, the cause and the next
 * step, with exit status 2.
 */
export class UsageProblem extends Error {
  override readonly name = 'UsageProblem';
  /** What to do next. */
  readonly next: string;
  /** `usage` for arguments, `config` for the config file, `install` for a package the run needs that is missing. */
  readonly kind: 'usage' | 'config' | 'install';

  constructor(message: string, next: string, kind: 'usage' | 'config' | 'install' = 'usage') {
    super(message);
    this.next = next;
    this.kind = kind;
  }
}
