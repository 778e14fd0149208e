declare module '~/apollo/hooks' {
  export interface MutationResult<T> {
    data?: T | null;
  }
  export type Mutate<V, T> = (options: { variables: V }) => Promise<MutationResult<T>>;
  export function useAddGalleryImageMutation(): [
    Mutate<{ gallery: string; kind: string; position: number }, { addGalleryImage?: { id: string } | null }>,
  ];
  export function useUploadImageMutation(): [
    Mutate<{ file: File; imageId: string; caption: string }, { uploadImage?: { url: string } | null }>,
    { loading: boolean },
  ];
  export function useRemoveGalleryImageMutation(): [
    Mutate<{ gallery: string; imageId: string }, { removeGalleryImage?: boolean | null }>,
    { loading: boolean },
  ];
}
