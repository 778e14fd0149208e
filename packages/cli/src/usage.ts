/**
 * A problem with how the command was called or configured: printed as what failed, the cause and the next step,
 * with exit status 2.
 */
export class UsageProblem extends Error {
  override readonly name = 'UsageProblem';
  /** What to do next. */
  readonly next: string;
  /** `usage` for arguments, `config` for the config file. */
  readonly kind: 'usage' | 'config';

  constructor(message: string, next: string, kind: 'usage' | 'config' = 'usage') {
    super(message);
    this.next = next;
    this.kind = kind;
  }
}
