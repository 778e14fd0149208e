// Case: cachho/jadeship-browser-extension, fix commit b817a99ee40805e2e9b1d0145a84df0d5dc3ff0f ("feat: parallel fetch";
// https://github.com/cachho/jadeship-browser-extension/pull/43), file src/content_script.ts.
// The code just before the fix, rewritten in our own code: a content script decorates every product link on a page;
// for each link it asks one API for the product's details and then, separately, another API whether quality-check
// photos exist, the second request waiting for the first although neither needs the other.
interface Options {
  readonly showDetails: boolean;
  readonly showPhotos: boolean;
}

interface ProductDetails {
  readonly title: string;
  readonly price: number;
}

interface PhotoAvailability {
  readonly count: number;
}

async function loadDetails(shop: string, id: string): Promise<ProductDetails | null> {
  const response = await fetch(`https://api.example.com/details/${shop}/${id}`);
  return response.ok ? ((await response.json()) as ProductDetails) : null;
}

async function loadPhotoAvailability(shop: string, id: string): Promise<PhotoAvailability | null> {
  const response = await fetch(`https://photos.example.com/available/${shop}/${id}`);
  return response.ok ? ((await response.json()) as PhotoAvailability) : null;
}

function productOf(link: HTMLAnchorElement): { shop: string; id: string } | undefined {
  const match = /\/(\w+)\/item\/(\d+)/.exec(link.href);
  return match ? { shop: match[1] ?? '', id: match[2] ?? '' } : undefined;
}

export async function decorateLinks(options: Options): Promise<void> {
  const links = [...document.querySelectorAll<HTMLAnchorElement>('a[href*="/item/"]')];
  for (const link of links) {
    const product = productOf(link);
    if (!product) continue;
    link.classList.add('decorated');

    if (options.showDetails) {
      const details = await loadDetails(product.shop, product.id);
      if (details) {
        link.title = details.title;
        link.dataset['price'] = String(details.price);
      }
    }

    if (options.showPhotos) {
      const photos = await loadPhotoAvailability(product.shop, product.id);
      if (photos && photos.count > 0) {
        link.dataset['photos'] = String(photos.count);
      }
    }
  }
}
