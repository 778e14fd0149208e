// The image optimiser of the case (downloads an image and writes a resized copy; a module of its own in the original
// project, built on an image library).
export type PictureInfo = {
  width: number;
  height: number;
  url: string;
  previewUrl: string;
  format: 'png' | 'jpeg' | 'webp' | 'gif' | undefined;
};

export async function optimizePicture(url: string, width?: number, height?: number): Promise<PictureInfo | null> {
  const response = await fetch(url);
  if (!response.ok) return null;
  const bytes = new Uint8Array(await response.arrayBuffer());
  const name = encodeURIComponent(url).slice(-60);
  return {
    width: width ?? bytes.length,
    height: height ?? bytes.length,
    url: `/images/${name}.webp`,
    previewUrl: `/images/${name}.png`,
    format: 'webp',
  };
}
