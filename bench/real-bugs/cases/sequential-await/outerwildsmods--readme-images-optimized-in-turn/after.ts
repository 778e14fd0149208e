// Case: ow-mods/outerwildsmods.com, fix commit 243d192c6e609fa1358a7b184e3773727153c169 ("Parallel fetching", pull
// request #31). Rewritten in our own code: the site build optimises every image a mod's README links to, awaiting each
// download-and-resize in turn inside a for-of loop; the images are independent (each fills its own map entry), so a
// README with many images makes the build wait for all of them one after another.
import { optimizePicture, type PictureInfo } from './optimize.js';

export type PictureMap = Record<string, PictureInfo | null>;

const pictureData = async (
  baseUrl: string,
  url: string,
  width?: number,
  height?: number,
): Promise<PictureInfo | null> => {
  const fullUrl = url.startsWith('http')
    ? // links to a file page on the forge must point at the raw file instead
      url.replace(/^https?:\/\/github.com\/(.+)\/(.+)\/blob\/(.+)\//gm, 'https://raw.githubusercontent.com/$1/$2/$3/')
    : // relative links are resolved against the repository
      `${baseUrl}/${url}`;

  return await optimizePicture(fullUrl, width, height);
};

export const pictureMap = async (
  baseUrl: string,
  imageUrls: string[],
  width?: number,
  height?: number,
): Promise<PictureMap> => {
  const map: PictureMap = {};

  const results = await Promise.allSettled(
    imageUrls.map(async (url) => ({
      originalUrl: url,
      info: await pictureData(baseUrl, url, width, height),
    })),
  );

  for (const result of results) {
    if (result.status === 'rejected') {
      console.error(`Cannot optimise an image: ${String(result.reason)}`);
      continue;
    }
    if (!result.value.info) {
      console.error('Cannot optimise an image: no info');
      continue;
    }
    map[result.value.originalUrl] = result.value.info;
  }

  return map;
};
