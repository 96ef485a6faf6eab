/**
 * Top-k selection for ranked hits: keeps the best `k` (score desc, then newest date, then page
 * id). Ties break on the id, not the docNum, so an index edited in place and one built from
 * scratch over the same pages rank identically.
 */
export class TopK {
  private docs: number[] = [];
  private scores: number[] = [];
  constructor(
    private readonly k: number,
    private readonly dates: string[],
    private readonly ids: string[],
  ) {}

  private better(d: number, sc: number, i: number): boolean {
    const s2 = this.scores[i] as number;
    if (sc !== s2) return sc > s2;
    const a = this.dates[d] as string;
    const b = this.dates[this.docs[i] as number] as string;
    if (a !== b) return a > b;
    return (this.ids[d] as string) < (this.ids[this.docs[i] as number] as string);
  }

  offer(d: number, sc: number): void {
    const len = this.docs.length;
    if (this.k <= 0) return;
    if (len === this.k && !this.better(d, sc, len - 1)) return;
    let lo = 0;
    let hi = len;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.better(d, sc, mid)) hi = mid;
      else lo = mid + 1;
    }
    this.docs.splice(lo, 0, d);
    this.scores.splice(lo, 0, sc);
    if (this.docs.length > this.k) {
      this.docs.pop();
      this.scores.pop();
    }
  }

  result(): { docs: number[]; scores: number[] } {
    return { docs: this.docs, scores: this.scores };
  }
}
