/**
 * The TypeScript 6-shaped `ts.TypeChecker` facade over TypeScript 7's checker.
 *
 * @module
 */
import type ts from '../../typescript.cjs';
import { NativeEngineError } from './errors.js';
import type { NativeProgramState } from './program.js';

/** A `ts.TypeChecker` (the part the analyzer uses) answering from the TypeScript 7 project of `state`. */
export function createNativeChecker(state: NativeProgramState): ts.TypeChecker {
  return new Proxy({} as ts.TypeChecker, {
    get(_target, property) {
      if (property === 'then') return undefined;
      return () => {
        throw new NativeEngineError(
          `the native checker facade is being built: ${String(property)}() on ${state.project.configFileName}`,
        );
      };
    },
  });
}
