/**
 * Removals that cannot take off what was added: another function (a fresh arrow or `.bind`), another emitter, another
 * capture flag, for the very event added. Internal to the `listener-leak` rule.
 *
 * @module
 */
import type { Origin } from './emitter-origin.js';
import { eventText, type Registration, type Removal } from './registration.js';
import type { Match } from './removal.js';

export function isMismatch(match: Match, origin: Origin, removal: Removal, added: Registration): boolean {
  // Only a removal of the very event added says what it meant to take off (not a generic `removeListener(event, fn)`).
  const event = eventText(added.event);
  if (event === undefined || eventText(removal.event) !== event) return false;
  if (match === 'other-function' || match === 'no-function' || match === 'other-capture') return true;
  return match === 'other-target' && origin.kind !== 'parameter';
}

export function mismatchReason(match: Match): string {
  if (match === 'other-function')
    return 'passes another function (a fresh arrow or `.bind` makes a new one each time)';
  if (match === 'no-function') return 'passes a member the instance never has (it is `undefined`)';
  if (match === 'other-capture') return 'uses another capture flag';
  return 'takes it off another emitter';
}
