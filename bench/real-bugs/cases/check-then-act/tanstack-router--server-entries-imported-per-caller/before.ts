// Case: TanStack/router, fix commit bc1da8af20e8002a514a3e484e24d6a2157d4db6 ("fix: race condition in module
// initialization (#6299)"; https://github.com/TanStack/router/pull/6299), file
// packages/start-server-core/src/createStartHandler.ts.
// The code just before the fix, rewritten in our own code: the server handler keeps the imported entry modules and
// the manifest in module variables, filled after the awaited import; requests that arrive while the first import is
// still running each import and evaluate the modules again.
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

let routerModule: RouterModule | null = null;
let appModule: AppModule | null = null;
let assetManifest: AssetManifest | null = null;

async function entryModules(): Promise<{ router: RouterModule; app: AppModule }> {
  if (routerModule === null) {
    routerModule = await loadRouterModule();
  }
  if (appModule === null) {
    appModule = await loadAppModule();
  }
  return { router: routerModule, app: appModule };
}

async function manifest(): Promise<AssetManifest> {
  if (assetManifest === null) {
    assetManifest = await readAssetManifest();
  }
  return assetManifest;
}

export async function handleRequest(path: string): Promise<string> {
  const { router, app } = await entryModules();
  const assets = await manifest();
  router.createRouter();
  return `${path}: ${app.middleware.length} middleware, ${assets.routes[path]?.preloads.length ?? 0} preloads`;
}
