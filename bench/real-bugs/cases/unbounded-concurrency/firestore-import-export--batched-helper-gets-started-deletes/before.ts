// Case: jloosli/node-firestore-import-export, fix commit 78162be06ef59ee685b33e653a343cd1765b3e97 ("fix
// batchExecutor - now it accepts an array of factory functions that return promise"; the batching was added for
// pull request #75 to bound memory on 20,000+ documents). Rewritten in our own code: clearing a collection starts the
// delete of every document (and the clearing of its sub-collections) in a loop and only then hands the already
// running promises to a "batched" helper, which awaits them fifty at a time; every delete is in flight at once, so a
// large collection still exhausts memory and sockets.
import { type CollectionRef, type Database, type DocRef, isDatabase, isDocument } from './store.js';

const inBatches = async function <T>(promises: Promise<T>[], batchSize = 50) {
  const results: T[] = [];
  while (promises.length > 0) {
    const batch = await Promise.all(promises.splice(0, batchSize));
    results.push(...batch);
  }
  return results;
};

export const clearData = async (start: Database | DocRef | CollectionRef, logs = false) => {
  if (isDocument(start)) {
    const promises: Promise<unknown>[] = [clearCollections(start, logs)];
    if (!isDatabase(start)) {
      promises.push(start.delete());
    }
    return Promise.all(promises);
  }
  return clearDocuments(start, logs);
};

const clearCollections = async (start: Database | DocRef, logs = false) => {
  const collectionPromises: Array<Promise<unknown>> = [];
  const collections = await start.listCollections();
  collections.map((collection: CollectionRef) => {
    collectionPromises.push(clearDocuments(collection, logs));
  });
  return inBatches(collectionPromises);
};

const clearDocuments = async (collection: CollectionRef, logs = false) => {
  logs && console.log(`Listing documents of ${collection.path}`);
  const documents = await collection.listDocuments();
  const documentPromises: Array<Promise<unknown>> = [];
  documents.forEach((doc: DocRef) => {
    documentPromises.push(clearCollections(doc, logs));
    documentPromises.push(doc.delete());
  });
  return inBatches(documentPromises);
};
