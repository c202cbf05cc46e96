// Brute-force throttling of station handshakes: after a few failures within a window, every further attempt waits a
// delay that doubles per failure. Kept per address (up to 10 s) and per station id (capped lower, so that the real
// station connecting from elsewhere is still answered within a few seconds while someone guesses its password).

export interface ThrottleOptions {
  freeFailures: number;
  windowMs: number;
  baseDelayMs: number;
  maxAddressDelayMs: number;
  maxStationDelayMs: number;
  maxTrackedKeys: number;
  /** Handshakes one address may have in authentication at once; more are refused at once. */
  maxConcurrentPerAddress: number;
  /** Password checks (argon2, ~19 MB each) running at once in the process; more wait their turn. */
  maxConcurrentChecks: number;
}

const defaults: ThrottleOptions = {
  freeFailures: 5,
  windowMs: 10 * 60_000,
  baseDelayMs: 250,
  maxAddressDelayMs: 10_000,
  maxStationDelayMs: 2_000,
  maxTrackedKeys: 100_000,
  maxConcurrentPerAddress: 4,
  maxConcurrentChecks: 8,
};

export class FailureThrottle {
  private readonly options: ThrottleOptions;
  private readonly failures = new Map<string, number[]>();
  private readonly inFlight = new Map<string, number>();
  private running = 0;
  private readonly waiting: (() => void)[] = [];

  constructor(options: Partial<ThrottleOptions> = {}) {
    this.options = { ...defaults, ...options };
  }

  /** How long to wait before answering an attempt from `address` for `stationId`. */
  delayMs(address: string, stationId: string): number {
    return Math.max(
      this.delayFor(`a:${address}`, this.options.maxAddressDelayMs),
      this.delayFor(`s:${stationId}`, this.options.maxStationDelayMs),
    );
  }

  recordFailure(address: string, stationId: string): void {
    if (this.failures.size >= this.options.maxTrackedKeys) this.prune();
    for (const key of [`a:${address}`, `s:${stationId}`]) {
      const list = this.recent(key);
      list.push(Date.now());
      this.failures.set(key, list);
    }
  }

  /**
   * Runs one authentication for `address`: undefined (refused) when that address already has too many in progress,
   * so that parallel guessing is not a way around the delays; otherwise waits for a free check slot and runs `check`.
   */
  async attempt<T>(address: string, check: () => Promise<T>): Promise<T | undefined> {
    const mine = this.inFlight.get(address) ?? 0;
    if (mine >= this.options.maxConcurrentPerAddress) return undefined;
    this.inFlight.set(address, mine + 1);
    try {
      if (this.running >= this.options.maxConcurrentChecks) await new Promise<void>((resolve) => this.waiting.push(resolve));
      this.running++;
      try {
        return await check();
      } finally {
        this.running--;
        this.waiting.shift()?.();
      }
    } finally {
      const left = (this.inFlight.get(address) ?? 1) - 1;
      if (left === 0) this.inFlight.delete(address);
      else this.inFlight.set(address, left);
    }
  }

  private delayFor(key: string, max: number): number {
    const over = this.recent(key).length - this.options.freeFailures;
    return over <= 0 ? 0 : Math.min(max, this.options.baseDelayMs * 2 ** (over - 1));
  }

  private recent(key: string): number[] {
    const since = Date.now() - this.options.windowMs;
    return (this.failures.get(key) ?? []).filter((at) => at > since);
  }

  private prune(): void {
    const since = Date.now() - this.options.windowMs;
    for (const [key, list] of this.failures) if (list.every((at) => at <= since)) this.failures.delete(key);
    // Still full (a flood of distinct addresses): forget the oldest half rather than grow without bound.
    if (this.failures.size >= this.options.maxTrackedKeys) {
      let drop = this.failures.size / 2;
      for (const key of this.failures.keys()) if (drop-- > 0) this.failures.delete(key);
    }
  }
}
