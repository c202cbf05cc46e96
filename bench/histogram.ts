// Latency histogram with log-spaced buckets (~1% wide) from 1 µs to ~100 s: constant memory, and histograms from
// several load-generator processes merge by adding their counts.
const ratio = 1.01;
const logRatio = Math.log(ratio);
const bucketCount = Math.ceil(Math.log(100e6) / logRatio) + 1; // up to 100 s, in µs

export class LatencyHistogram {
  readonly counts: number[];

  constructor(counts?: number[]) {
    this.counts = counts ?? new Array(bucketCount).fill(0);
  }

  record(milliseconds: number): void {
    const micros = Math.max(1, milliseconds * 1000);
    const index = Math.min(bucketCount - 1, Math.floor(Math.log(micros) / logRatio));
    this.counts[index]!++;
  }

  get total(): number {
    return this.counts.reduce((sum, n) => sum + n, 0);
  }

  merge(other: LatencyHistogram): void {
    for (let i = 0; i < bucketCount; i++) this.counts[i]! += other.counts[i] ?? 0;
  }

  /** The latency in ms below which `fraction` of the samples fall (upper edge of the bucket), or NaN when empty. */
  percentile(fraction: number): number {
    const total = this.total;
    if (total === 0) return Number.NaN;
    const rank = Math.ceil(fraction * total);
    let seen = 0;
    for (let i = 0; i < bucketCount; i++) {
      seen += this.counts[i]!;
      if (seen >= rank) return ratio ** (i + 1) / 1000;
    }
    return ratio ** bucketCount / 1000;
  }
}
