// Case: parcel-bundler/parcel, fix commit 3d477d3fa0a37b89ff984dbf020b4b5cad110c70 ("Limit concurrency when reading
// assets in packagers", PR https://github.com/parcel-bundler/parcel/pull/3344: EMFILE on large apps). Rewritten in our
// own code: the CSS packager walks the bundle's assets and, from the walk's visitor, starts reading each asset's code;
// the promises are collected and awaited together, so every asset of the bundle is read at once.
import { Packager } from 'bundler-plugin';

export default new Packager({
  async package({ bundle, bundleGraph }) {
    const pending = [];
    bundle.traverseAssets({
      exit: (asset) => {
        // the media queries this asset was imported under; none means it is imported plainly
        const queries = [];
        for (const dependency of bundleGraph.getIncomingDependencies(asset)) {
          if (!dependency.meta.media) {
            queries.length = 0;
            break;
          }
          queries.push(dependency.meta.media);
        }
        pending.push(
          asset.getCode().then((css) => {
            if (queries.length > 0) {
              return `@media ${queries.join(', ')} {\n${css.trim()}\n}\n`;
            }
            return css;
          }),
        );
      },
    });

    const parts = await Promise.all(pending);
    return { contents: parts.join('\n') };
  },
});
