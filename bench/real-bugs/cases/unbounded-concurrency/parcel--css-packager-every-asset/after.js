// Case: parcel-bundler/parcel, fix commit 3d477d3fa0a37b89ff984dbf020b4b5cad110c70 ("Limit concurrency when reading
// assets in packagers", PR https://github.com/parcel-bundler/parcel/pull/3344: EMFILE on large apps). Rewritten in our
// own code: the visitor now hands each read to a queue that runs at most 32 at a time.
import { Packager, WorkQueue } from 'bundler-plugin';

export default new Packager({
  async package({ bundle, bundleGraph }) {
    const queue = new WorkQueue({ maxConcurrent: 32 });
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
        queue.add(() =>
          asset.getCode().then((css) => {
            if (queries.length > 0) {
              return `@media ${queries.join(', ')} {\n${css.trim()}\n}\n`;
            }
            return css;
          }),
        );
      },
    });

    const parts = await queue.run();
    return { contents: parts.join('\n') };
  },
});
