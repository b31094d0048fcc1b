/**
 * Keeps the k best of a stream of candidates in a binary min-heap (worst at the root), so a ranking
 * of n candidates costs O(n log k) with no per-candidate allocation.
 * `better(a, b)` must be a strict total order (ties broken by id) so results are deterministic.
 */
export class TopK {
  private readonly heap: Int32Array;
  private size = 0;

  constructor(
    readonly capacity: number,
    private readonly better: (a: number, b: number) => boolean,
  ) {
    this.heap = new Int32Array(Math.max(0, capacity));
  }

  /** True once `capacity` candidates are kept: a new one must then beat `worst()`. */
  get full(): boolean {
    return this.size === this.capacity;
  }

  /** The worst kept candidate (meaningful once `full`). */
  worst(): number {
    return this.heap[0] as number;
  }

  offer(candidate: number): void {
    if (this.capacity === 0) return;
    if (this.size < this.capacity) {
      this.heap[this.size] = candidate;
      this.siftUp(this.size);
      this.size += 1;
    } else if (this.better(candidate, this.heap[0] as number)) {
      this.heap[0] = candidate;
      this.siftDown(0);
    }
  }

  /** The kept candidates in no particular order. */
  items(): Int32Array {
    return this.heap.slice(0, this.size);
  }

  /** The kept candidates, best first. */
  sorted(): number[] {
    return Array.from(this.heap.subarray(0, this.size)).sort((a, b) =>
      this.better(a, b) ? -1 : this.better(b, a) ? 1 : 0,
    );
  }

  private siftUp(start: number): void {
    let i = start;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      const node = this.heap[i] as number;
      const up = this.heap[parent] as number;
      if (!this.better(up, node)) break;
      this.heap[i] = up;
      this.heap[parent] = node;
      i = parent;
    }
  }

  private siftDown(start: number): void {
    let i = start;
    for (;;) {
      const left = 2 * i + 1;
      const right = left + 1;
      let worst = i;
      if (left < this.size && this.better(this.heap[worst] as number, this.heap[left] as number))
        worst = left;
      if (right < this.size && this.better(this.heap[worst] as number, this.heap[right] as number))
        worst = right;
      if (worst === i) return;
      const tmp = this.heap[i] as number;
      this.heap[i] = this.heap[worst] as number;
      this.heap[worst] = tmp;
      i = worst;
    }
  }
}
