/**
 * Invocation history: the last N calls, kept in memory for queries and in an append-only JSON
 * lines file (`<dataDir>/history.jsonl`) so it survives a restart. The file is compacted (rewritten
 * with only the kept records, then renamed over) once it holds twice as many lines as are kept.
 * A call only keeps its record; its JSON line is made with the others of its batch at the write
 * that follows (every WRITE_DELAY_MS), off the call's path.
 *
 * Why JSONL rather than Deno KV: no unstable API in the gateway's hot path, a torn last line after
 * a crash is the worst case (skipped on load), the file can be read with `jq`, and queries are
 * served from memory anyway. Its limit: one writer process per data folder.
 */
import { join } from "node:path";
import type { InvocationObserver, InvocationRecord } from "./types.ts";
import { matchesStatus } from "./status_filter.ts";
import { literal, platformLogger } from "./logging.ts";

const log = platformLogger("observe");

/** How long records wait to be appended together (keeps file writes off the hot path). */
const WRITE_DELAY_MS = 50;

/** Options of {@link createHistoryStore}. */
export interface HistoryStoreOptions {
  dataDir: string;
  /** Records kept (oldest dropped first). Default 10 000. */
  maxRecords?: number;
  /**
   * Bytes of JSON kept in memory and on disk (oldest dropped first, checked at each batched
   * write, WRITE_DELAY_MS after a call). Default 64 MiB.
   */
  maxBytes?: number;
  onError?: (error: Error) => void;
}

/** Filters of {@link HistoryStore.list}. */
export interface HistoryQuery {
  function?: string;
  /** `500`, `5xx`, `ok` (< 400) or `error` (>= 400). */
  status?: string;
  /** Newest first, at most this many (default 50). */
  limit?: number;
}

/** An {@link InvocationObserver} that keeps and answers for the last calls. */
export interface HistoryStore extends InvocationObserver {
  /** Matching records, newest first. */
  list(query?: HistoryQuery): InvocationRecord[];
  get(requestId: string): InvocationRecord | undefined;
  /** Resolves once every record so far is on disk. */
  flush(): Promise<void>;
  close(): Promise<void>;
  readonly path: string;
}

interface Kept {
  record: InvocationRecord;
  /** Its JSON line, made at the batched write that follows the call ("" until then). */
  json: string;
}

/** Opens (or creates) the history store and loads the kept records. */
export async function createHistoryStore(options: HistoryStoreOptions): Promise<HistoryStore> {
  const maxRecords = options.maxRecords ?? 10_000;
  const maxBytes = options.maxBytes ?? 64 * 1024 * 1024;
  const onError = options.onError ??
    ((e: Error) => log.error(literal(`Cannot write history: ${e.message}`)));
  await Deno.mkdir(options.dataDir, { recursive: true });
  const path = join(options.dataDir, "history.jsonl");
  const kept = new Map<string, Kept>();
  let bytes = 0;
  let fileLines = 0;
  let pending: Kept[] = [];
  let chain: Promise<void> = Promise.resolve();
  let scheduled = false;
  let closed = false;

  // Insertion order as a FIFO of keys: a Map's `entries().next()` walks over the slots of deleted
  // entries, so evicting through it costs more with every call. A replaced record leaves a stale
  // key behind, skipped (by identity) when it reaches the head.
  let order: { id: string; kept: Kept }[] = [];
  let head = 0;
  const add = (record: InvocationRecord, json: string): Kept => {
    const old = kept.get(record.requestId);
    if (old) {
      kept.delete(record.requestId);
      bytes -= old.json.length;
    }
    const entry = { record, json };
    kept.set(record.requestId, entry);
    order.push({ id: record.requestId, kept: entry });
    bytes += json.length;
    evict();
    return entry;
  };
  /** Drops the oldest records past the bounds (bytes count records once they have a line). */
  const evict = () => {
    while (kept.size > maxRecords || (bytes > maxBytes && kept.size > 1)) {
      const { id, kept: oldest } = order[head++];
      if (kept.get(id) !== oldest) continue;
      kept.delete(id);
      bytes -= oldest.json.length;
    }
    if (head > 1024 && head * 2 > order.length) {
      order = order.slice(head);
      head = 0;
    } else if (order.length > 2 * kept.size + 1024) {
      order = [...kept].map(([id, k]) => ({ id, kept: k })); // many replaced records
      head = 0;
    }
  };

  try {
    const text = await Deno.readTextFile(path);
    for (const line of text.split("\n")) {
      if (!line) continue;
      fileLines++;
      try {
        add(JSON.parse(line), line);
      } catch { /* torn line */ }
    }
  } catch (e) {
    if (!(e instanceof Deno.errors.NotFound)) throw e;
  }

  async function compact(): Promise<void> {
    const tmp = `${path}.tmp`;
    const lines = [...kept.values()].map((k) => (k.json || JSON.stringify(k.record)) + "\n");
    await Deno.writeTextFile(tmp, lines.join(""), { mode: 0o600 });
    await Deno.rename(tmp, path);
    fileLines = lines.length;
  }

  /** The JSON lines of the calls since the last write: made here, in one batch, off the calls. */
  function linesOf(batch: Kept[]): string {
    let text = "";
    for (const k of batch) {
      const json = JSON.stringify(k.record);
      text += json + "\n";
      if (kept.get(k.record.requestId) === k) {
        k.json = json;
        bytes += json.length;
      }
    }
    evict();
    return text;
  }

  async function drain(): Promise<void> {
    scheduled = false;
    const batch = pending;
    pending = [];
    try {
      const text = linesOf(batch);
      if (fileLines + batch.length > 2 * maxRecords + 16) {
        await compact();
      } else {
        await Deno.writeTextFile(path, text, { append: true, mode: 0o600 });
        fileLines += batch.length;
      }
    } catch (e) {
      onError(e as Error);
    }
  }

  if (fileLines > 2 * maxRecords + 16) await compact();

  const schedule = () => {
    if (scheduled) return;
    scheduled = true;
    // Batches a burst of calls into one append (at most WRITE_DELAY_MS of history at risk).
    chain = chain.then(() => new Promise((r) => setTimeout(r, WRITE_DELAY_MS))).then(drain);
  };
  const flush = async () => {
    while (scheduled || pending.length) {
      schedule();
      await chain;
    }
  };

  return {
    path,
    onInvocation(record) {
      if (closed) return;
      pending.push(add(record, ""));
      schedule();
    },
    list(query = {}) {
      const limit = query.limit ?? 50;
      const out: InvocationRecord[] = [];
      const all = [...kept.values()];
      for (let i = all.length - 1; i >= 0 && out.length < limit; i--) {
        const r = all[i].record;
        if (query.function !== undefined && r.fn !== query.function) continue;
        if (query.status !== undefined && !matchesStatus(query.status, r.status)) continue;
        out.push(r);
      }
      return out;
    },
    get(requestId) {
      return kept.get(requestId)?.record;
    },
    flush,
    async close() {
      await flush();
      closed = true;
    },
  };
}
