// Case: openfoodfacts/openfoodfacts-explorer, fix commit 4ea4db10c44553ff13e17471ee1730bf2737c9b8 ("refactor: optimize
// data fetching with Promise.all for product edit page"; https://github.com/openfoodfacts/openfoodfacts-explorer/pull/283).
// The code just before the fix, rewritten in our own code: the route loader of a product's edit page loads the product
// and then each list the form offers (categories, labels, brands, shops), one request after the other, though none
// needs another.
import { loadProduct, loadVocabulary, type Fetch } from 'catalog-api';

class NotFound extends Error {}

export const load = async ({ fetch, params }: { fetch: Fetch; params: { code: string } }) => {
  const product = await loadProduct(params.code, fetch);

  const categories = await loadVocabulary('categories', fetch);
  const labels = await loadVocabulary('labels', fetch);
  const brands = await loadVocabulary('brands', fetch);
  const shops = await loadVocabulary('shops', fetch);

  if (product.status === 'failure') {
    throw new NotFound(`no product ${params.code}: ${product.errors.join(', ')}`);
  }

  return { product: product.product, categories, labels, brands, shops };
};
