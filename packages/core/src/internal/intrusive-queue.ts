/** The links an item carries to sit in an {@link IntrusiveQueue}; start them as `undefined` / `false`. */
export interface QueueLinks<T> {
  prev: T | undefined;
  next: T | undefined;
  queued: boolean;
}

/**
 * A FIFO queue whose items carry their own links: O(1) push, shift and removal of any item, and no node object
 * per item (the hot queue of `limit()` allocates one object per waiting task instead of two).
 */
export class IntrusiveQueue<T extends QueueLinks<T>> {
  #head: T | undefined;
  #tail: T | undefined;
  #size = 0;

  /** Number of items in the queue. */
  get size(): number {
    return this.#size;
  }

  /** Appends `item`. */
  push(item: T): void {
    item.prev = this.#tail;
    item.next = undefined;
    item.queued = true;
    if (this.#tail === undefined) this.#head = item;
    else this.#tail.next = item;
    this.#tail = item;
    this.#size++;
  }

  /** Removes and returns the first item, if any. */
  shift(): T | undefined {
    const item = this.#head;
    if (item !== undefined) this.remove(item);
    return item;
  }

  /** Removes `item` if it is queued here; returns whether it was. */
  remove(item: T): boolean {
    if (!item.queued) return false;
    if (item.prev === undefined) this.#head = item.next;
    else item.prev.next = item.next;
    if (item.next === undefined) this.#tail = item.prev;
    else item.next.prev = item.prev;
    item.prev = undefined;
    item.next = undefined;
    item.queued = false;
    this.#size--;
    return true;
  }

  /** Removes every item and returns them in order. */
  drain(): T[] {
    const items: T[] = [];
    for (let item = this.#head; item !== undefined;) {
      const next = item.next;
      item.prev = undefined;
      item.next = undefined;
      item.queued = false;
      items.push(item);
      item = next;
    }
    this.#head = undefined;
    this.#tail = undefined;
    this.#size = 0;
    return items;
  }
}
