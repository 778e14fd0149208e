// Case: alkem-io/client-web, fix commit 2748bb433c8f64843d0f2d5ea57ed0e272d63bd3 ("throttle concurent media gallery
// uploads", PR https://github.com/alkem-io/client-web/pull/9450). Rewritten in our own code: the uploads are thunks
// run by a pool of five workers; removals (small requests, as many as the user removed) still go all at once.
import { useCallback } from 'react';
import {
  useAddGalleryImageMutation,
  useRemoveGalleryImageMutation,
  useUploadImageMutation,
} from '~/apollo/hooks';

interface GalleryImage {
  id?: string;
  file?: File;
  caption?: string;
  position?: number;
}

interface SaveGalleryArgs {
  galleryId: string | undefined;
  images: GalleryImage[] | undefined;
  previousIds?: string[];
}

const MAX_PARALLEL_UPLOADS = 5;

async function settleInPool<T>(tasks: (() => Promise<T>)[], size: number): Promise<PromiseSettledResult<T>[]> {
  const results: PromiseSettledResult<T>[] = [];
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < tasks.length) {
      const at = next++;
      try {
        results[at] = { status: 'fulfilled', value: await tasks[at]!() };
      } catch (reason) {
        results[at] = { status: 'rejected', reason };
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(size, tasks.length) }, () => worker()));
  return results;
}

export function useSaveGallery() {
  const [addImage] = useAddGalleryImageMutation();
  const [uploadImage, { loading: uploading }] = useUploadImageMutation();
  const [removeImage, { loading: removing }] = useRemoveGalleryImageMutation();

  const saveGallery = useCallback(
    async ({ galleryId, images, previousIds }: SaveGalleryArgs) => {
      if (!galleryId || !images) return;
      const keptIds = images.map((image) => image.id).filter(Boolean);
      const removed = previousIds?.filter((id) => !keptIds.includes(id)) ?? [];
      const removals = removed.map((imageId) => removeImage({ variables: { gallery: galleryId, imageId } }));

      const uploads =
        images?.map((image, index) => async () => {
          if (image.file && !image.id) {
            const { data } = await addImage({
              variables: { gallery: galleryId, kind: image.file.type, position: image.position ?? index },
            });
            const created = data?.addGalleryImage?.id;
            if (!created) throw new Error('The gallery did not accept the image');
            await uploadImage({
              variables: { file: image.file, imageId: created, caption: image.caption ?? image.file.name },
            });
          } else if (image.file && image.id) {
            await uploadImage({
              variables: { file: image.file, imageId: image.id, caption: image.caption ?? image.file.name },
            });
          }
        }) ?? [];

      await Promise.allSettled(removals);
      await settleInPool(uploads, MAX_PARALLEL_UPLOADS);
    },
    [addImage, uploadImage, removeImage],
  );

  return { saveGallery, saving: uploading || removing };
}
