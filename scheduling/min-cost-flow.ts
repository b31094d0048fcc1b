/**
 * Min-cost flow by successive shortest paths (Bellman–Ford queue variant, so negative arc costs
 * are fine on the DAGs we build). `maxCostFlow`-style use: costs are negated values and the search
 * stops as soon as the cheapest augmenting path no longer has negative cost, which yields the
 * minimum cost over all flow values up to `limit` (the cost is convex in the flow value).
 */
export class MinCostFlow {
  private readonly to: number[] = [];
  private readonly cap: number[] = [];
  private readonly cost: number[] = [];
  private readonly head: number[];
  private readonly next: number[] = [];

  constructor(readonly nodeCount: number) {
    this.head = new Array<number>(nodeCount).fill(-1);
  }

  /** Adds arc u→v with capacity and cost per unit; returns the arc id (its flow is `flowOn(id)`). */
  addArc(u: number, v: number, capacity: number, costPerUnit: number): number {
    const id = this.to.length;
    this.push(u, v, capacity, costPerUnit);
    this.push(v, u, 0, -costPerUnit);
    return id;
  }

  private push(u: number, v: number, capacity: number, costPerUnit: number): void {
    this.to.push(v);
    this.cap.push(capacity);
    this.cost.push(costPerUnit);
    this.next.push(this.head[u] ?? -1);
    this.head[u] = this.to.length - 1;
  }

  /** Flow currently on arc `id` (the residual capacity of its reverse arc). */
  flowOn(id: number): number {
    return this.cap[id ^ 1] ?? 0;
  }

  /** Augments from s to t while a negative-cost path exists and the flow is below `limit`. */
  run(s: number, t: number, limit: number): { flow: number; cost: number } {
    let flow = 0;
    let total = 0;
    const n = this.nodeCount;
    const dist = new Float64Array(n);
    const inQueue = new Uint8Array(n);
    const viaArc = new Int32Array(n);
    while (flow < limit) {
      dist.fill(Infinity);
      viaArc.fill(-1);
      dist[s] = 0;
      const queue: number[] = [s];
      inQueue[s] = 1;
      for (let qi = 0; qi < queue.length; qi++) {
        const u = queue[qi] as number;
        inQueue[u] = 0;
        const du = dist[u] as number;
        for (let e = this.head[u] ?? -1; e >= 0; e = this.next[e] ?? -1) {
          if ((this.cap[e] ?? 0) <= 0) continue;
          const v = this.to[e] as number;
          const nd = du + (this.cost[e] as number);
          if (nd < (dist[v] as number) - 1e-12) {
            dist[v] = nd;
            viaArc[v] = e;
            if (!inQueue[v]) {
              inQueue[v] = 1;
              queue.push(v);
            }
          }
        }
      }
      if (!(dist[t]! < -1e-12)) break;
      let push = limit - flow;
      for (let v = t; v !== s;) {
        const e = viaArc[v] as number;
        push = Math.min(push, this.cap[e] as number);
        v = this.to[e ^ 1] as number;
      }
      for (let v = t; v !== s;) {
        const e = viaArc[v] as number;
        this.cap[e] = (this.cap[e] as number) - push;
        this.cap[e ^ 1] = (this.cap[e ^ 1] as number) + push;
        v = this.to[e ^ 1] as number;
      }
      flow += push;
      total += push * (dist[t] as number);
    }
    return { flow, cost: total };
  }
}
