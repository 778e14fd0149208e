/**
 * Option validation shared by rules whose options are all booleans.
 *
 * @module
 */

import { describeValue } from '@awaitwise/core/internal/validate';

/**
 * Merges user options over `defaults`, where every option is a boolean.
 *
 * @throws TypeError naming the rule and option for an unknown option or a value that is not a boolean, e.g.
 * ``Expected `strict` of rule `floating-promise` to be a boolean, got `"yes"` (string)``.
 * @example
 * ```ts
 * validateBooleanOptions('floating-promise', { strict: true }, { strict: false }); // { strict: true }
 * ```
 */
export function validateBooleanOptions<Options extends object>(
  ruleId: string,
  raw: Readonly<Record<string, unknown>>,
  defaults: Options,
): Options {
  const merged = { ...defaults } as Record<string, unknown>;
  for (const [name, value] of Object.entries(raw)) {
    if (!Object.hasOwn(defaults, name) || typeof (defaults as Record<string, unknown>)[name] !== 'boolean') {
      const known = Object.keys(defaults).map((key) => `\`${key}\``);
      throw new TypeError(
        `Unknown option \`${name}\` of rule \`${ruleId}\`; known options: ${known.length > 0 ? known.join(', ') : 'none'}.`,
      );
    }
    if (typeof value !== 'boolean') {
      throw new TypeError(
        `Expected \`${name}\` of rule \`${ruleId}\` to be a boolean, got ${describeValue(value)}`,
      );
    }
    merged[name] = value;
  }
  return merged as Options;
}
