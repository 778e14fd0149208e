// Copies the repository's docs/pitfalls pages into this package (docs/pitfalls) so that `awaitwise explain` works
// when the CLI is installed from npm. Run by the package's `build` and `prepack` scripts.
import { cpSync, existsSync, rmSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const source = fileURLToPath(new URL('../../../docs/pitfalls/', import.meta.url));
const target = fileURLToPath(new URL('../docs/pitfalls/', import.meta.url));
if (!existsSync(source)) {
  console.error(`copy-docs: ${source} not found; run this script from the awaitwise repository.`);
  process.exit(1);
}
rmSync(target, { recursive: true, force: true });
cpSync(source, target, { recursive: true, filter: (path) => !path.endsWith('~') });
console.log(`copy-docs: pitfall pages copied to ${target}`);
