/**
 * Per-function logs: every stdout/stderr line of every function, appended as JSON lines to
 * `<dataDir>/logs/<fn>.log` (rotated by size), the newest lines kept in memory for queries, and
 * fanned out live to followers. Writing never blocks nor throws into the caller: lines are
 * buffered and flushed by one background writer.
 */
import { join } from "node:path";
import type { FunctionLogLine, FunctionLogSink } from "./types.ts";
import { Ring } from "./ring.ts";
import { Hub } from "./hub.ts";
import { readTail, RotatingFile } from "./rotating_file.ts";
import { literal, platformLogger } from "./logging.ts";

const log = platformLogger("observe");

/** Options of {@link createLogStore}. */
export interface LogStoreOptions {
  /** The platform's data folder; logs go to `<dataDir>/logs/`. */
  dataDir: string;
  /** Rotate a function's log once it would pass this size. Default 5 MiB. */
  maxFileBytes?: number;
  /** Rotated files kept per function (`.1` ... `.N`). Default 3. */
  maxFiles?: number;
  /** Lines kept in memory per function. Default 1000. */
  memoryLines?: number;
  /** Lines waiting for the disk per function before the oldest are dropped. Default 10 000. */
  maxPendingLines?: number;
  /** Called when the disk cannot be written; default prints once to stderr. */
  onError?: (error: Error) => void;
}

/** Filters of {@link LogStore.query}. */
export interface LogQuery {
  /** Only lines at or after this epoch ms. */
  since?: number;
  /** Only the newest `limit` lines (default 100). */
  limit?: number;
  /** Only lines written during this call. */
  requestId?: string;
}

/** A {@link FunctionLogSink} that can be queried and followed. */
export interface LogStore extends FunctionLogSink {
  /** The newest matching lines in memory, oldest first. */
  query(fn: string, query?: LogQuery): FunctionLogLine[];
  /** Every line written for `fn` from now on, until `signal` aborts. */
  follow(fn: string, signal: AbortSignal): AsyncIterable<FunctionLogLine>;
  /** Forgets a function's lines, in memory and on disk. */
  remove(fn: string): Promise<void>;
  /** Resolves once every line written so far is on disk. */
  flush(): Promise<void>;
  /** Flushes, then ignores further writes. */
  close(): Promise<void>;
  /** Absolute path of the logs folder. */
  readonly dir: string;
}

const SAFE_NAME = /^[a-z0-9][a-z0-9_-]{0,62}$/;

/** Opens the log store, loading the tail of each existing log into memory. */
export async function createLogStore(options: LogStoreOptions): Promise<LogStore> {
  const dir = join(options.dataDir, "logs");
  const maxFileBytes = options.maxFileBytes ?? 5 * 1024 * 1024;
  const maxFiles = options.maxFiles ?? 3;
  const memoryLines = options.memoryLines ?? 1000;
  const maxPending = options.maxPendingLines ?? 10_000;
  let warned = false;
  const onError = options.onError ?? ((e: Error) => {
    if (!warned) log.error(literal(`Cannot write function logs in ${dir}: ${e.message}`));
    warned = true;
  });
  await Deno.mkdir(dir, { recursive: true });

  const memory = new Map<string, Ring<FunctionLogLine>>();
  const files = new Map<string, RotatingFile>();
  const pending = new Map<string, string[]>();
  const hub = new Hub<FunctionLogLine>();
  let flushing: Promise<void> = Promise.resolve();
  let scheduled = false;
  let closed = false;
  const encoder = new TextEncoder();

  const ringOf = (fn: string) => {
    let ring = memory.get(fn);
    if (!ring) memory.set(fn, ring = new Ring(memoryLines));
    return ring;
  };
  const fileOf = (fn: string) => {
    let file = files.get(fn);
    if (!file) {
      files.set(fn, file = new RotatingFile(join(dir, `${fn}.log`), maxFileBytes, maxFiles));
    }
    return file;
  };

  for await (const entry of Deno.readDir(dir)) {
    const fn = entry.name.endsWith(".log") ? entry.name.slice(0, -4) : "";
    if (!entry.isFile || !SAFE_NAME.test(fn)) continue;
    const text = await readTail(join(dir, entry.name), memoryLines * 400);
    const ring = ringOf(fn);
    for (const raw of text.split("\n")) {
      if (!raw) continue;
      try {
        ring.push(JSON.parse(raw));
      } catch { /* a torn last line after a crash */ }
    }
  }

  async function drain(): Promise<void> {
    scheduled = false;
    const batch = [...pending];
    pending.clear();
    for (const [fn, lines] of batch) {
      try {
        await fileOf(fn).append(encoder.encode(lines.join("")));
      } catch (e) {
        onError(e as Error);
      }
    }
  }

  function schedule(): void {
    if (scheduled) return;
    scheduled = true;
    flushing = flushing.then(() => new Promise((r) => setTimeout(r, 0))).then(drain);
  }

  async function flush(): Promise<void> {
    while (scheduled || pending.size) {
      schedule();
      await flushing;
    }
    await flushing;
  }

  return {
    dir,
    flush,
    write(line) {
      if (closed || !SAFE_NAME.test(line.fn)) return;
      try {
        ringOf(line.fn).push(line);
        hub.publish(line.fn, line);
        let lines = pending.get(line.fn);
        if (!lines) pending.set(line.fn, lines = []);
        lines.push(JSON.stringify(line) + "\n");
        if (lines.length > maxPending) lines.shift();
        schedule();
      } catch (e) {
        onError(e as Error);
      }
    },
    query(fn, query = {}) {
      const { since, requestId } = query;
      const limit = query.limit ?? 100;
      const ring = memory.get(fn);
      if (!ring) return [];
      return ring.newest(limit, (l) =>
        (since === undefined || l.ts >= since) &&
        (requestId === undefined || l.requestId === requestId)).reverse();
    },
    follow(fn, signal) {
      return hub.subscribe(fn, signal);
    },
    async remove(fn) {
      memory.delete(fn);
      pending.delete(fn);
      await flushing;
      if (SAFE_NAME.test(fn)) await fileOf(fn).removeAll();
      files.delete(fn);
    },
    async close() {
      await flush();
      closed = true;
    },
  };
}
