/**
 * Errors of the native engine (TypeScript 7's checker in a Go child process).
 *
 * @module
 */

/**
 * The TypeScript 7 executable for this platform is not installed: npm installs it from an optional dependency of
 * `typescript-native` (`@typescript/typescript-<platform>-<arch>`), which is skipped with `--no-optional`,
 * `--omit=optional`, or on a platform TypeScript 7 does not ship for.
 */
export class NativeBinaryMissingError extends Error {
  override readonly name = 'NativeBinaryMissingError';
  /** Stable code for callers that match on it. */
  readonly code = 'AWAITWISE_NATIVE_BINARY_MISSING';
  /** The npm package that brings the executable, e.g. `@typescript/typescript-linux-x64`. */
  readonly platformPackage: string;

  constructor(platformPackage: string, cause: unknown) {
    super(
      `TypeScript 7's native executable is missing: the package ${platformPackage} is not installed. ` +
        `Install it (\`npm install ${platformPackage}@7.0.2\`, or reinstall without --omit=optional), ` +
        'or run with `--engine ts6`.',
      { cause },
    );
    this.platformPackage = platformPackage;
  }
}

/** True when `error` is a {@link NativeBinaryMissingError}. */
export function isNativeBinaryMissingError(error: unknown): error is NativeBinaryMissingError {
  return error instanceof NativeBinaryMissingError;
}

/** The TypeScript 7 process failed or answered something the facade cannot read (its protocol is unversioned). */
export class NativeEngineError extends Error {
  override readonly name = 'NativeEngineError';
  /** Stable code for callers that match on it. */
  readonly code = 'AWAITWISE_NATIVE_ENGINE';

  constructor(message: string, cause?: unknown) {
    super(message, cause === undefined ? undefined : { cause });
  }
}

/** True when `error` is TypeScript 7's process reporting a panic while answering (it recovers and goes on). */
export function isNativePanic(error: unknown): boolean {
  return error instanceof NativeEngineError && /\bpanic: /.test(error.message);
}
