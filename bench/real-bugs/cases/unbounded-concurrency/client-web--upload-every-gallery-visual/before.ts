// Case: alkem-io/client-web, fix commit 2748bb433c8f64843d0f2d5ea57ed0e272d63bd3 ("throttle concurent media gallery
// uploads", PR https://github.com/alkem-io/client-web/pull/9450). Rewritten in our own code: saving a media gallery
// starts one create-and-upload per image the user picked, all at once (`images.map(async …)` collected, then one
// `Promise.allSettled`); a gallery of 80+ images overwhelms the browser's connections and the server (499s).
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
        images?.map(async (image, index) => {
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

      await Promise.allSettled([...removals, ...uploads]);
    },
    [addImage, uploadImage, removeImage],
  );

  return { saveGallery, saving: uploading || removing };
}
