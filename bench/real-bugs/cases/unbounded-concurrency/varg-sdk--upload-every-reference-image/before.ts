// Case: vargHQ/sdk, fix commit 155ccf3ca5fa5ebeca8325822109ea3fac07c7b5 ("feat(fal): limit upload concurrency to 2
// with p-map"), file src/ai-sdk/providers/fal.ts. Rewritten in our own code: an image model's generate call uploads
// every reference image the caller passed to the provider's storage at once before it submits the job.
import { fal } from '@fal-ai/client';

export type ReferenceImage =
  | { kind: 'url'; url: string }
  | { kind: 'bytes'; data: Uint8Array | string; mediaType?: string };

export interface GenerateOptions {
  prompt: string;
  count?: number;
  images?: ReferenceImage[];
}

async function toHostedUrl(image: ReferenceImage): Promise<string> {
  if (image.kind === 'url') return image.url;
  const bytes =
    typeof image.data === 'string' ? Uint8Array.from(atob(image.data), (c) => c.charCodeAt(0)) : image.data;
  return fal.storage.upload(new Blob([bytes], { type: image.mediaType ?? 'image/png' }));
}

export class HostedImageModel {
  constructor(private readonly endpoint: string) {}

  async generate(options: GenerateOptions): Promise<string[]> {
    const input: Record<string, unknown> = { prompt: options.prompt, num_images: options.count ?? 1 };
    const images = options.images;
    if (images && images.length > 0) {
      input.image_urls = await Promise.all(images.map((image) => toHostedUrl(image)));
    }
    const result = await fal.subscribe(this.endpoint, { input });
    return result.data.images.map((image) => image.url);
  }
}
