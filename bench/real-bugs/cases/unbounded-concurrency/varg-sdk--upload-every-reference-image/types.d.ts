// The hosted model client, as far as the case uses it.
declare module '@fal-ai/client' {
  export const fal: {
    storage: { upload(blob: Blob): Promise<string> };
    subscribe(endpoint: string, options: { input: Record<string, unknown> }): Promise<{ data: { images: { url: string }[] } }>;
  };
}
