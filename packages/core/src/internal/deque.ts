/**
 * A FIFO buffer with amortized O(1) `push` and `shift` (an array with a moving head, compacted when half is dead).
 * `Array.prototype.shift` is O(n), which makes a busy queue quadratic.
 */
export class Deque<T> {
  #items: (T | undefined)[] = [];
  #head = 0;

  /** Number of buffered items. */
  get size(): number {
    return this.#items.length - this.#head;
  }

  /** Appends `value` at the back. */
  push(value: T): void {
    this.#items.push(value);
  }

  /** The front value without removing it, or `undefined` when empty. */
  peek(): T | undefined {
    return this.#items[this.#head];
  }

  /** Removes and returns the front value; call only when `size > 0`. */
  shift(): T {
    const value = this.#items[this.#head] as T;
    this.#items[this.#head] = undefined;
    this.#head++;
    if (this.#head === this.#items.length) {
      this.#items = [];
      this.#head = 0;
    } else if (this.#head >= 1024 && this.#head * 2 >= this.#items.length) {
      this.#items = this.#items.slice(this.#head);
      this.#head = 0;
    }
    return value;
  }

  /** Removes every value. */
  clear(): void {
    this.#items = [];
    this.#head = 0;
  }
}
