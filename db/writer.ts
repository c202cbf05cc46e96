// Group commit: statements from messages that arrive while a commit is running are written together in the next
// transaction. Each caller's promise settles only after its own statements are committed, so a CALLRESULT is still
// sent after its write, but a flood of messages no longer pays one transaction each.
import type { Client } from "@libsql/client";
import Sqlite from "libsql";
import { backstopCheckpointPages } from "./checkpointer.ts";
import type { WriterReply, WriterRequest } from "./writerThread.ts";

/** What a statement binds: the values JSON carries unchanged (the writer thread receives batches as JSON). */
export type WriteArg = string | number | boolean | null;

export interface WriteStatement {
  sql: string;
  args: WriteArg[];
  /** Set on a plain INSERT of one shape: neighbouring statements of the same shape may run as one (see below). */
  shape?: InsertShape;
}

/**
 * A plain `INSERT ... VALUES` whose parameters are all numbered (?1..?n, n = its args' length) and which returns no
 * rows. Several such statements in a row run as one: the driver's fixed cost per statement (~2.3 µs measured, as
 * much as binding ten values) is then paid once.
 */
export interface InsertShape {
  /** The statement that does what `copies` statements of this shape do: copy j binds ?(j·n+1)..?(j·n+n). */
  sqlFor(copies: number): string;
}

// Bounds of one combined statement: few texts per shape, and far below SQLite's 32,766 variables.
const maxCombinedCopies = 8;
const maxCombinedArgs = 1_000;

/**
 * The statements with each run of neighbours of the same shape joined into one statement; `origin[i]` is the index
 * of the statement that carries statement i. The order of the writes stays as given.
 */
export function combineInserts(statements: WriteStatement[]): { combined: WriteStatement[]; origin: number[] } {
  const combined: WriteStatement[] = [];
  const origin: number[] = new Array(statements.length);
  let copies = 0;
  for (let i = 0; i < statements.length; i++) {
    const statement = statements[i]!;
    const last = combined[combined.length - 1];
    const shape = statement.shape;
    if (
      shape !== undefined &&
      copies > 0 &&
      copies < maxCombinedCopies &&
      statements[i - 1]!.shape === shape &&
      last!.args.length + statement.args.length <= maxCombinedArgs
    ) {
      // The first join copies, so that the caller's own statement never changes.
      const joined = copies === 1 ? { sql: last!.sql, args: last!.args.slice(), shape } : last!;
      for (let a = 0; a < statement.args.length; a++) joined.args.push(statement.args[a]!);
      joined.sql = shape.sqlFor(++copies);
      combined[combined.length - 1] = joined;
    } else {
      combined.push(statement);
      copies = shape ? 1 : 0;
    }
    origin[i] = combined.length - 1;
  }
  return { combined, origin };
}

/** What a statement gave back: the rows of a RETURNING clause, or none. */
export interface WriteResult {
  readonly rows: readonly Record<string, unknown>[];
}

/** The result of every statement that returns no rows: one shared object, as most statements give it. */
const noRows: WriteResult = Object.freeze({ rows: Object.freeze([]) });

/**
 * A station's MeterValues or Heartbeat frame handed to the writer whole (lib/ocpp/writeOnlyCalls.ts): read, written
 * and answered on the writer thread, in the same commits as the statements around it.
 */
export interface CallJob {
  readonly stationId: string;
  readonly receivedAt: string;
  readonly text: string;
  /** With the frame to send once its rows are committed; undefined when the ordinary path must answer it instead. */
  answered(answer: string | undefined): void;
  failed(error: unknown): void;
}

/** What a commit with handed-over frames gives back: a result per statement, an answer (or undefined) per frame. */
export interface CallsCommitted {
  results: WriteResult[];
  answers: (string | undefined)[];
}

/** Commits a list of statements as one transaction. */
export interface WriteBackend {
  commit(statements: WriteStatement[]): Promise<WriteResult[]> | WriteResult[];
  /** Only where frames are read on the writer's thread: the statements, then the frames' rows, in one transaction. */
  commitWithCalls?(statements: WriteStatement[], calls: CallJob[]): Promise<CallsCommitted>;
  close(): Promise<void> | void;
}

/** libSQL server (or any @libsql/client URL): one batch request per commit. */
export function clientWriteBackend(client: Client): WriteBackend {
  return {
    async commit(statements) {
      const results = await client.batch(statements, "write");
      return results.map((r) => ({ rows: r.rows as unknown as Record<string, unknown>[] }));
    },
    close() {},
  };
}

/**
 * Embedded file: the native libsql driver on its own connection, with statements compiled once and reused.
 * Measured here ~5x the throughput of @libsql/client batches, which compile every statement on every call.
 */
export function nativeFileWriteBackend(path: string, maxCachedStatements = 256): WriteBackend {
  const connection = new Sqlite(path);
  connection.exec("PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL; PRAGMA busy_timeout = 5000; PRAGMA foreign_keys = ON;");
  // Checkpoints are the checkpoint thread's work; this one only checkpoints if that thread falls far behind.
  connection.exec(`PRAGMA wal_autocheckpoint = ${backstopCheckpointPages}`);
  // `reader` is kept beside each statement because the driver asks the native side again on every read of it.
  const compiled = new Map<string, { statement: ReturnType<Sqlite.Database["prepare"]>; reader: boolean }>();
  const prepare = (sql: string) => {
    let entry = compiled.get(sql);
    if (!entry) {
      const statement = connection.prepare(sql);
      entry = { statement, reader: statement.reader };
      // Statement texts are a small fixed set; the bound stops a station's odd row counts from growing it.
      if (compiled.size < maxCachedStatements) compiled.set(sql, entry);
    }
    return entry;
  };
  const begin = connection.prepare("BEGIN");
  const commit = connection.prepare("COMMIT");
  const rollback = connection.prepare("ROLLBACK");
  return {
    commit(statements) {
      begin.run();
      try {
        const results = statements.map((s): WriteResult => {
          const { statement, reader } = prepare(s.sql);
          if (reader) return { rows: statement.all(s.args) as Record<string, unknown>[] };
          statement.run(s.args);
          return noRows;
        });
        commit.run();
        return results;
      } catch (error) {
        rollback.run();
        throw error;
      }
    },
    close() {
      connection.close();
    },
  };
}

/**
 * Embedded file, written on a worker thread that owns the native connection: the commit (the largest single cost of
 * a message, measured) runs on another core while this thread reads frames and validates the next batch.
 */
export async function threadedFileWriteBackend(path: string, maxNamedStatements = 1_024): Promise<WriteBackend> {
  const worker = new Worker(new URL("./writerThread.ts", import.meta.url).href);
  const post = (message: WriterRequest) => worker.postMessage(message);
  const pending = new Map<number, { count: number; resolve(committed: CallsCommitted): void; reject(error: unknown): void }>();
  const sqlNumbers = new Map<string, number>();
  let nextId = 1;
  let opened!: () => void;
  let failedToOpen!: (error: unknown) => void;
  let closed: (() => void) | undefined;
  // Once the thread has failed or been closed, writes fail at once instead of waiting for an answer that never comes.
  let unusable: Error | undefined;
  const ready = new Promise<void>((resolve, reject) => ((opened = resolve), (failedToOpen = reject)));
  worker.onmessage = (event: MessageEvent<WriterReply>) => {
    const reply = event.data;
    if (reply.kind === "opened") return opened();
    if (reply.kind === "closed") return closed?.();
    const waiting = pending.get(reply.id);
    if (!waiting) return;
    pending.delete(reply.id);
    if (reply.kind === "failed") return waiting.reject(Object.assign(new Error(reply.message), reply.code ? { code: reply.code } : {}));
    const results: WriteResult[] = new Array(waiting.count).fill(noRows);
    for (const [index, rows] of reply.rows) results[index] = { rows };
    waiting.resolve({ results, answers: reply.answers?.map((answer) => answer ?? undefined) ?? [] });
  };
  worker.onerror = (event) => {
    const error = new Error(`database writer thread failed: ${event.message}`);
    unusable ??= error;
    failedToOpen(error);
    for (const waiting of pending.values()) waiting.reject(error);
    pending.clear();
  };
  // A statement's SQL travels once, then by number; past the bound (odd texts a station provoked) it travels inline.
  const sqlReference = (sql: string): number | string => {
    let number = sqlNumbers.get(sql);
    if (number === undefined) {
      if (sqlNumbers.size >= maxNamedStatements) return sql;
      sqlNumbers.set(sql, (number = sqlNumbers.size));
      post({ kind: "define", number, sql });
    }
    return number;
  };
  const commitWithCalls = (statements: WriteStatement[], calls: CallJob[]) => {
    if (unusable) return Promise.reject(unusable);
    const id = nextId++;
    return new Promise<CallsCommitted>((resolve, reject) => {
      pending.set(id, { count: statements.length, resolve, reject });
      const batch = JSON.stringify(statements.map((s) => [sqlReference(s.sql), s.args]));
      if (calls.length === 0) return post({ kind: "commit", id, batch });
      // Frames travel as they arrived, three strings each, never as JSON inside JSON (that would escape every quote).
      const frames: string[] = [];
      for (const call of calls) frames.push(call.stationId, call.receivedAt, call.text);
      post({ kind: "commit", id, batch, frames });
    });
  };
  post({ kind: "open", path });
  await ready;
  return {
    commit: (statements) => commitWithCalls(statements, []).then((committed) => committed.results),
    commitWithCalls,
    async close() {
      if (unusable) return;
      unusable = new Error("the database writer is closed");
      await new Promise<void>((resolve) => {
        closed = resolve;
        post({ kind: "close" });
      });
      worker.terminate();
    },
  };
}

/** Statements given to `write`, or a frame given to `answerCall`. */
type Job = { statements: WriteStatement[]; resolve(results: WriteResult[]): void; reject(error: unknown): void } | { call: CallJob };

export class GroupCommitWriter {
  private queue: Job[] = [];
  private scheduled = false;
  private inFlight = 0;
  private idle: (() => void)[] = [];

  private readonly maxStatementsPerCommit: number;
  private readonly maxCommitsInFlight: number;

  constructor(
    private readonly backend: WriteBackend,
    options: {
      maxStatementsPerCommit?: number;
      /**
       * Above 1, the next batch is handed over while the previous one still commits, so that a backend on another
       * thread need not wait while this one answers and gathers. Only for a backend that commits in hand-over order.
       */
      maxCommitsInFlight?: number;
    } = {},
  ) {
    this.maxStatementsPerCommit = options.maxStatementsPerCommit ?? 2_000;
    this.maxCommitsInFlight = options.maxCommitsInFlight ?? 1;
  }

  /** Writes the statements atomically, batched with whatever else is waiting; resolves with one result each. */
  write(statements: WriteStatement[]): Promise<WriteResult[]> {
    return new Promise((resolve, reject) => this.enqueue({ statements, resolve, reject }));
  }

  /** True when frames can be handed over whole (`answerCall`): the backend reads them on the writer's thread. */
  get answersCalls(): boolean {
    return this.backend.commitWithCalls !== undefined;
  }

  /** Reads, writes and answers a station's frame on the writer's thread, batched like `write` (see `CallJob`). */
  answerCall(call: CallJob): void {
    if (!this.answersCalls) throw new Error("this database writer does not answer calls");
    this.enqueue({ call });
  }

  private enqueue(job: Job): void {
    this.queue.push(job);
    // Start on the next macrotask so that the messages of one burst of socket reads share a commit.
    if (!this.scheduled && this.inFlight < this.maxCommitsInFlight) {
      this.scheduled = true;
      setImmediate(() => {
        this.scheduled = false;
        this.startCommits();
      });
    }
  }

  /** Resolves when everything queued so far is committed (or has failed). */
  async drain(): Promise<void> {
    while (this.queue.length > 0 || this.inFlight > 0 || this.scheduled) {
      await new Promise<void>((resolve) => this.idle.push(resolve));
    }
  }

  async close(): Promise<void> {
    await this.backend.close();
  }

  private startCommits(): void {
    while (this.queue.length > 0 && this.inFlight < this.maxCommitsInFlight) {
      this.inFlight++;
      void this.commit(this.takeBatch()).finally(() => {
        this.inFlight--;
        this.startCommits();
      });
    }
    // Also reached when a scheduled start finds that finished commits already took the queue.
    if (this.queue.length === 0 && this.inFlight === 0 && !this.scheduled) {
      for (const resolve of this.idle.splice(0)) resolve();
    }
  }

  private takeBatch(): Job[] {
    let count = 0;
    let n = 0;
    // A frame counts as the statements its rows will take, roughly: an INSERT holds up to 32 sampled values of about
    // 80 characters each. A usual MeterValues counts one, one of thousands of values (up to the frame limit) more.
    const size = (job: Job) => ("call" in job ? 1 + (job.call.text.length >> 12) : job.statements.length);
    while (n < this.queue.length && (n === 0 || count + size(this.queue[n]!) <= this.maxStatementsPerCommit)) {
      count += size(this.queue[n]!);
      n++;
    }
    return this.queue.splice(0, n);
  }

  private async commit(jobs: Job[]): Promise<void> {
    let committed: CallsCommitted;
    try {
      committed = await this.commitJobs(jobs);
    } catch (error) {
      if (jobs.length === 1) return fail(jobs[0]!, error);
      // One job's bad statement must not fail its neighbours: retry each on its own.
      for (const job of jobs) {
        try {
          settle([job], await this.commitJobs([job]));
        } catch (jobError) {
          fail(job, jobError);
        }
      }
      return;
    }
    settle(jobs, committed);
  }

  /** The jobs' statements, then their frames, in one transaction; statements of one shape run combined. */
  private async commitJobs(jobs: Job[]): Promise<CallsCommitted> {
    const statements: WriteStatement[] = [];
    const calls: CallJob[] = [];
    for (const job of jobs) {
      if ("call" in job) calls.push(job.call);
      else for (const statement of job.statements) statements.push(statement);
    }
    const { combined, origin } = combineInserts(statements);
    const committed =
      calls.length > 0
        ? await this.backend.commitWithCalls!(combined, calls)
        : { results: await this.backend.commit(combined), answers: [] };
    if (combined.length === statements.length) return committed;
    // Joined statements give no rows: one result per statement given.
    return { results: origin.map((index, i) => (statements[i]!.shape ? noRows : committed.results[index]!)), answers: committed.answers };
  }
}

/** Hands each job its own results, in order: the statements' results, then the frames' answers. */
function settle(jobs: Job[], committed: CallsCommitted): void {
  let offset = 0;
  let answer = 0;
  for (const job of jobs) {
    if ("call" in job) {
      job.call.answered(committed.answers[answer++]);
    } else {
      job.resolve(committed.results.slice(offset, offset + job.statements.length));
      offset += job.statements.length;
    }
  }
}

function fail(job: Job, error: unknown): void {
  if ("call" in job) job.call.failed(error);
  else job.reject(error);
}
