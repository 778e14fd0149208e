import type { CliIo } from '../io.js';
import { UsageProblem } from '../usage.js';

type DoctorCommand = (argv: readonly string[], io?: CliIo) => Promise<number>;

/**
 * `awaitwise doctor …`: hands over to `@awaitwise/doctor`'s `doctorCommand`, loaded only now so that `check` never
 * pays for it.
 */
export async function doctorCommand(argv: readonly string[], io: CliIo): Promise<number> {
  const doctor = (await import('@awaitwise/doctor')) as Record<string, unknown>;
  const command = doctor.doctorCommand;
  if (typeof command !== 'function') {
    throw new UsageProblem(
      'This build of @awaitwise/doctor has no `doctorCommand`.',
      'Update @awaitwise/doctor to the version of this CLI.',
    );
  }
  return (command as DoctorCommand)(argv, io);
}
