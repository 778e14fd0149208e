/**
 * Removals that cannot take off what was added: another function (a fresh arrow or `.bind`), another emitter, another
 * capture flag, for the very event added. Internal to the `listener-leak` rule.
 *
 * @module
 */
import type ts from '../../typescript.cjs';
import { normalizedText } from '../../analysis/syntax/expressions.js';
import { enclosingFunction } from '../../analysis/syntax/functions.js';
import type { Origin } from './emitter-origin.js';
import { eventText, type Registration, type Removal } from './registration.js';
import type { Match } from './removal.js';

export function isMismatch(match: Match, origin: Origin, removal: Removal, added: Registration): boolean {
  // Only a removal of the very event added says what it meant to take off (not a generic `removeListener(event, fn)`).
  const event = eventText(added.event);
  // A callback handed in taken off in place of the wrapper added for it: the same event, or the same name for it
  // (`on(topic, listener)` … `off(topic, handler)`).
  // Taken off before the wrapper is added, in the same function: the previous listener itself, replaced by a wrapper
  // that calls it (`off('upgrade', previous); on('upgrade', () => previous())`).
  if (match === 'wrapped' && replacedBefore(removal, added)) return false;
  if (match === 'wrapped')
    return (
      removal.event !== undefined &&
      (event === undefined ? sameText(removal.event, added.event) : eventText(removal.event) === event)
    );
  if (event === undefined || eventText(removal.event) !== event) return false;
  if (match === 'other-function' || match === 'no-function' || match === 'other-capture') return true;
  return match === 'other-target' && origin.kind !== 'parameter';
}

export function mismatchReason(match: Match): string {
  if (match === 'other-function')
    return 'passes another function (a fresh arrow or `.bind` makes a new one each time)';
  if (match === 'no-function') return 'passes a member the instance never has (it is `undefined`)';
  if (match === 'other-capture') return 'uses another capture flag';
  if (match === 'wrapped') return 'passes the callback the listener wraps, not the listener the code added';
  return 'takes it off another emitter';
}

/** The two expressions are written the same (`topic` and `topic`). */
function sameText(left: ts.Expression, right: ts.Expression): boolean {
  return normalizedText(left, left.getSourceFile()) === normalizedText(right, right.getSourceFile());
}

/** The removal runs in the registration's own function, before it. */
function replacedBefore(removal: Removal, added: Registration): boolean {
  return (
    enclosingFunction(removal.call) === enclosingFunction(added.call) &&
    removal.call.end <= added.call.getStart()
  );
}
