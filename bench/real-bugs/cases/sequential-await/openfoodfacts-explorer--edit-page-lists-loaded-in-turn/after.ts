// Case: openfoodfacts/openfoodfacts-explorer, fix commit 4ea4db10c44553ff13e17471ee1730bf2737c9b8 ("refactor: optimize
// data fetching with Promise.all for product edit page"; https://github.com/openfoodfacts/openfoodfacts-explorer/pull/283).
// The fixed code, rewritten in our own code: every request starts at once.
import { loadProduct, loadVocabulary, type Fetch } from 'catalog-api';

class NotFound extends Error {}

export const load = async ({ fetch, params }: { fetch: Fetch; params: { code: string } }) => {
  const [product, categories, labels, brands, shops] = await Promise.all([
    loadProduct(params.code, fetch),
    loadVocabulary('categories', fetch),
    loadVocabulary('labels', fetch),
    loadVocabulary('brands', fetch),
    loadVocabulary('shops', fetch),
  ]);

  if (product.status === 'failure') {
    throw new NotFound(`no product ${params.code}: ${product.errors.join(', ')}`);
  }

  return { product: product.product, categories, labels, brands, shops };
};
