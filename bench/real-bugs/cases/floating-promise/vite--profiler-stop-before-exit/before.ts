// Case: vitejs/vite, fix commit 79d10ed6341ba7a751d007b7ad113a9b8be9c853 ("fix: add missing awaits (#20697)";
// https://github.com/vitejs/vite/pull/20697).
// The code just before the fix, rewritten in our own code: the CLI's error and finally paths stop the CPU profiler,
// an async write of the profile, without awaiting it, and then exit the process, so the profile is cut off and its
// errors are lost.
import { writeFile } from 'node:fs/promises';

interface Session {
  stop(): Promise<Uint8Array>;
}

let session: Session | undefined;

export async function stopProfiler(log: (message: string) => void): Promise<void> {
  if (!session) return;
  const profile = await session.stop();
  await writeFile('cpu.cpuprofile', profile);
  log('CPU profile written to cpu.cpuprofile');
  session = undefined;
}

export async function runBuildCommand(build: () => Promise<void>): Promise<void> {
  try {
    await build();
  } catch (error) {
    console.error(`build failed:\n${error instanceof Error ? error.stack : String(error)}`);
    process.exitCode = 1;
  } finally {
    stopProfiler((message) => console.info(message));
  }
}

export async function runServeCommand(serve: () => Promise<void>): Promise<void> {
  try {
    await serve();
  } catch (error) {
    console.error(`could not start the server:\n${error instanceof Error ? error.stack : String(error)}`);
    stopProfiler((message) => console.info(message));
    process.exit(1);
  }
}
