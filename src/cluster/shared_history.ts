/**
 * History across gateways: each gateway keeps its own history (`history.jsonl` under its own
 * folder) and also publishes every call, with its gateway id, to the JetStream stream
 * `DENOFN_HISTORY` (kept `maxAgeSec`, at most `maxMessages`). Every gateway follows that stream
 * into a bounded in-memory view, which is what its admin API answers from: `GET
 * /admin/history` through any gateway lists the calls of all of them, newest first.
 */
import { DiscardPolicy, RetentionPolicy, StorageType } from "@nats-io/jetstream";
import { isNotFound, nanos, type Nats } from "../nats/mod.ts";
import {
  type HistoryQuery,
  type HistoryStore,
  type InvocationRecord,
  matchesStatus,
} from "../observe/mod.ts";

/** The stream. */
export const HISTORY_STREAM = "DENOFN_HISTORY";
const SUBJECT = "denofn.history";

/** A call as the merged history holds it. */
export type SharedRecord = InvocationRecord & { gateway: string };

/** Options of {@link openSharedHistory}. */
export interface SharedHistoryOptions {
  nats: Nats;
  gatewayId: string;
  maxAgeSec: number;
  /** Calls the stream keeps at most (default 1 000 000). */
  maxMessages?: number;
  /** Calls the view keeps (default 10 000, as the local history). */
  maxRecords?: number;
  log?: (line: string) => void;
}

/** Publishes this gateway's calls and answers for all gateways' (a {@link HistoryStore}). */
export async function openSharedHistory(o: SharedHistoryOptions): Promise<HistoryStore> {
  const { jsm, js, nc } = o.nats;
  const maxRecords = o.maxRecords ?? 10_000;
  const info = await jsm.streams.info(HISTORY_STREAM).catch(async (e) => {
    if (!isNotFound(e)) throw e;
    return await jsm.streams.add({
      name: HISTORY_STREAM,
      subjects: [`${SUBJECT}.>`],
      retention: RetentionPolicy.Limits,
      storage: StorageType.File,
      discard: DiscardPolicy.Old,
      max_age: nanos(o.maxAgeSec * 1000),
      max_msgs: o.maxMessages ?? 1_000_000,
      description: "denofn calls of every gateway, for the merged admin history",
    }).catch(() => jsm.streams.info(HISTORY_STREAM));
  });
  const kept = new Map<string, SharedRecord>();
  const start = Math.max(1, info.state.last_seq - maxRecords + 1);
  const consumer = await js.consumers.get(HISTORY_STREAM, { opt_start_seq: start });
  const messages = await consumer.consume();
  const following = (async () => {
    for await (const m of messages) {
      try {
        const record = m.json<SharedRecord>();
        kept.delete(record.requestId);
        kept.set(record.requestId, record);
        if (kept.size > maxRecords) kept.delete(kept.keys().next().value!);
      } catch { /* not a call record */ }
    }
  })();
  const subject = `${SUBJECT}.${o.gatewayId}`;
  const encoder = new TextEncoder();

  return {
    path: `nats:${HISTORY_STREAM}`,
    onInvocation(record) {
      try {
        nc.publish(subject, encoder.encode(JSON.stringify({ ...record, gateway: o.gatewayId })));
      } catch (e) {
        o.log?.(`[cluster] cannot publish a call to the history: ${(e as Error).message}`);
      }
    },
    list(query: HistoryQuery = {}) {
      const limit = query.limit ?? 50;
      const out: InvocationRecord[] = [];
      for (const record of [...kept.values()].reverse()) {
        if (out.length >= limit) break;
        if (query.function && record.fn !== query.function) continue;
        if (query.status && !matchesStatus(query.status, record.status)) continue;
        out.push(record);
      }
      return out;
    },
    get: (requestId) => kept.get(requestId),
    flush: () => nc.flush(),
    async close() {
      await messages.close();
      await following.catch(() => {});
    },
  };
}
