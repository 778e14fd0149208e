// Case: cachho/jadeship-browser-extension, fix commit b817a99ee40805e2e9b1d0145a84df0d5dc3ff0f ("feat: parallel fetch";
// https://github.com/cachho/jadeship-browser-extension/pull/43), file src/content_script.ts.
// The fixed code, rewritten in our own code: the two lookups of a link start together (each only when the options
// ask for it) and are awaited as a pair.
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

function lookups(
  options: Options,
  shop: string,
  id: string,
): Promise<[ProductDetails | null, PhotoAvailability | null]> {
  return Promise.all([
    options.showDetails ? loadDetails(shop, id) : null,
    options.showPhotos ? loadPhotoAvailability(shop, id) : null,
  ]);
}

export async function decorateLinks(options: Options): Promise<void> {
  const links = [...document.querySelectorAll<HTMLAnchorElement>('a[href*="/item/"]')];
  for (const link of links) {
    const product = productOf(link);
    if (!product) continue;
    link.classList.add('decorated');

    const [details, photos] = await lookups(options, product.shop, product.id);
    if (details) {
      link.title = details.title;
      link.dataset['price'] = String(details.price);
    }
    if (photos && photos.count > 0) {
      link.dataset['photos'] = String(photos.count);
    }
  }
}
