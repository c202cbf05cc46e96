// Group commit: statements from messages that arrive while a commit is running are written together in the next
// transaction. Each caller's promise settles only after its own statements are committed, so a CALLRESULT is still
// sent after its write, but a flood of messages no longer pays one transaction each.
import type { Client, InStatement, ResultSet } from "@libsql/client";

interface Job {
  statements: InStatement[];
  resolve(results: ResultSet[]): void;
  reject(error: unknown): void;
}

export class GroupCommitWriter {
  private queue: Job[] = [];
  private flushing: Promise<void> | undefined;

  constructor(
    private readonly client: Client,
    private readonly maxStatementsPerCommit = 2_000,
  ) {}

  /** Writes the statements atomically, batched with whatever else is waiting; resolves with one result each. */
  write(statements: InStatement[]): Promise<ResultSet[]> {
    return new Promise((resolve, reject) => {
      this.queue.push({ statements, resolve, reject });
      // Start on the next microtask so that messages handled in the same tick share a commit.
      this.flushing ??= Promise.resolve().then(() => this.flushLoop());
    });
  }

  /** Resolves when everything queued so far is committed (or has failed). */
  async drain(): Promise<void> {
    while (this.flushing) await this.flushing;
  }

  private async flushLoop(): Promise<void> {
    try {
      while (this.queue.length > 0) {
        const jobs = this.takeBatch();
        await this.commit(jobs);
      }
    } finally {
      this.flushing = undefined;
    }
  }

  private takeBatch(): Job[] {
    let count = 0;
    let n = 0;
    while (n < this.queue.length && (n === 0 || count + this.queue[n]!.statements.length <= this.maxStatementsPerCommit)) {
      count += this.queue[n]!.statements.length;
      n++;
    }
    return this.queue.splice(0, n);
  }

  private async commit(jobs: Job[]): Promise<void> {
    try {
      const results = await this.client.batch(jobs.flatMap((job) => job.statements), "write");
      let offset = 0;
      for (const job of jobs) {
        job.resolve(results.slice(offset, offset + job.statements.length));
        offset += job.statements.length;
      }
    } catch (error) {
      if (jobs.length === 1) return jobs[0]!.reject(error);
      // One job's bad statement must not fail its neighbours: retry each on its own.
      for (const job of jobs) {
        try {
          job.resolve(await this.client.batch(job.statements, "write"));
        } catch (jobError) {
          job.reject(jobError);
        }
      }
    }
  }
}
