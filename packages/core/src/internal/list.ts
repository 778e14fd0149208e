/**
 * An intrusive doubly linked list: O(1) append, shift and removal of any node. Waiter queues use it so an
 * aborted waiter leaves the queue at once instead of being skipped later.
 */
export interface ListNode<T> {
  value: T;
  prev: ListNode<T> | undefined;
  next: ListNode<T> | undefined;
  /** The list this node is in, or undefined once removed. */
  owner: LinkedList<T> | undefined;
}

/** See {@link ListNode}. */
export class LinkedList<T> {
  #head: ListNode<T> | undefined;
  #tail: ListNode<T> | undefined;
  #size = 0;

  /** Number of nodes in the list. */
  get size(): number {
    return this.#size;
  }

  /** The first node, if any. */
  get head(): ListNode<T> | undefined {
    return this.#head;
  }

  /** Appends `value` and returns its node (keep it to remove the value in O(1)). */
  push(value: T): ListNode<T> {
    const node: ListNode<T> = { value, prev: this.#tail, next: undefined, owner: this };
    if (this.#tail === undefined) this.#head = node;
    else this.#tail.next = node;
    this.#tail = node;
    this.#size++;
    return node;
  }

  /** Removes and returns the first node, if any. */
  shift(): ListNode<T> | undefined {
    const node = this.#head;
    if (node !== undefined) this.remove(node);
    return node;
  }

  /** Removes `node` if it is still in this list; returns whether it was. */
  remove(node: ListNode<T>): boolean {
    if (node.owner !== this) return false;
    if (node.prev === undefined) this.#head = node.next;
    else node.prev.next = node.next;
    if (node.next === undefined) this.#tail = node.prev;
    else node.next.prev = node.prev;
    node.prev = undefined;
    node.next = undefined;
    node.owner = undefined;
    this.#size--;
    return true;
  }

  /** Removes every node and returns their values in order. */
  drain(): T[] {
    const values: T[] = [];
    for (let node = this.#head; node !== undefined;) {
      const next = node.next;
      node.prev = undefined;
      node.next = undefined;
      node.owner = undefined;
      values.push(node.value);
      node = next;
    }
    this.#head = undefined;
    this.#tail = undefined;
    this.#size = 0;
    return values;
  }
}
