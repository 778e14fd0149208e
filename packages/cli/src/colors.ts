/** ANSI styles, or identity functions when colours are off. */
export interface Colors {
  readonly red: (text: string) => string;
  readonly yellow: (text: string) => string;
  readonly blue: (text: string) => string;
  readonly green: (text: string) => string;
  readonly dim: (text: string) => string;
  readonly bold: (text: string) => string;
  readonly underline: (text: string) => string;
}

const style =
  (open: number, close: number) =>
  (text: string): string =>
    `\u001b[${open}m${text}\u001b[${close}m`;

const identity = (text: string): string => text;

/** Colour functions; plain text when `enabled` is false. */
export function createColors(enabled: boolean): Colors {
  if (!enabled) {
    return {
      red: identity,
      yellow: identity,
      blue: identity,
      green: identity,
      dim: identity,
      bold: identity,
      underline: identity,
    };
  }
  return {
    red: style(31, 39),
    yellow: style(33, 39),
    blue: style(34, 39),
    green: style(32, 39),
    dim: style(2, 22),
    bold: style(1, 22),
    underline: style(4, 24),
  };
}
