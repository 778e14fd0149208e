// Case: TanStack/router, fix commit bc1da8af20e8002a514a3e484e24d6a2157d4db6 ("fix: race condition in module
// initialization (#6299)"; https://github.com/TanStack/router/pull/6299), file
// packages/start-server-core/src/createStartHandler.ts.
// The fixed code, rewritten in our own code: the module variables hold the pending imports, stored before anything
// is awaited, so every request shares one import of each.
interface RouterModule {
  createRouter(): unknown;
}
interface AppModule {
  middleware: readonly unknown[];
}
interface AssetManifest {
  routes: Record<string, { preloads: string[] }>;
}

declare function loadRouterModule(): Promise<RouterModule>;
declare function loadAppModule(): Promise<AppModule>;
declare function readAssetManifest(): Promise<AssetManifest>;

let entriesLoading: Promise<{ router: RouterModule; app: AppModule }> | undefined;
let manifestLoading: Promise<AssetManifest> | undefined;

async function loadEntries(): Promise<{ router: RouterModule; app: AppModule }> {
  const router = await loadRouterModule();
  const app = await loadAppModule();
  return { router, app };
}

function entryModules(): Promise<{ router: RouterModule; app: AppModule }> {
  if (!entriesLoading) {
    entriesLoading = loadEntries();
  }
  return entriesLoading;
}

function manifest(): Promise<AssetManifest> {
  if (!manifestLoading) {
    manifestLoading = readAssetManifest();
  }
  return manifestLoading;
}

export async function handleRequest(path: string): Promise<string> {
  const { router, app } = await entryModules();
  const assets = await manifest();
  router.createRouter();
  return `${path}: ${app.middleware.length} middleware, ${assets.routes[path]?.preloads.length ?? 0} preloads`;
}
