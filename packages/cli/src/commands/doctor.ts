import type { CliIo } from '../io.js';

/**
 * `awaitwise doctor …`: hands over to `@awaitwise/doctor`'s `doctorCommand`, imported only now so that `check` never
 * loads it.
 */
export async function doctorCommand(argv: readonly string[], io: CliIo): Promise<number> {
  const doctor = await import('@awaitwise/doctor');
  return doctor.doctorCommand(argv, io);
}
