import { useEffect, useState } from 'react';

interface Product {
  sku: string;
  name: string;
  price: number;
}

async function searchProducts(query: string, signal?: AbortSignal): Promise<Product[]> {
  const response = await fetch(`/api/products?q=${encodeURIComponent(query)}`, signal ? { signal } : {});
  return (await response.json()) as Product[];
}

/** Search as you type: a slow answer for "ca" can land after the answer for "cat" and replace it. */
export function ProductSearch({ query }: { query: string }) {
  const [results, setResults] = useState<Product[]>([]);

  useEffect(() => {
    const load = async () => {
      const products = await searchProducts(query);
      setResults(products);
    };
    void load();
  }, [query]);

  return (
    <ul>
      {results.map((product) => (
        <li key={product.sku}>
          {product.name}: {product.price}
        </li>
      ))}
    </ul>
  );
}

/** The near miss: the previous request is aborted when the query changes. */
export function ProductSearchAbortable({ query }: { query: string }) {
  const [results, setResults] = useState<Product[]>([]);

  useEffect(() => {
    const controller = new AbortController();
    searchProducts(query, controller.signal)
      .then(setResults)
      .catch((error: unknown) => {
        if (!controller.signal.aborted) console.error(error);
      });
    return () => controller.abort();
  }, [query]);

  return <p>{results.length} products</p>;
}
