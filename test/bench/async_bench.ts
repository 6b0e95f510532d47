/**
 * The async and store figures of `deno task bench` (`--only=async`, or run this file alone):
 * - enqueue rate: `POST /async/fn/hello` answered 202 per second (20 clients);
 * - drain rate: jobs completed per second once queued;
 * - end-to-end latency: enqueue → `X-Callback-Url` received, one job at a time, beside a sync
 *   `GET /fn/hello` measured the same way;
 * - store: document writes (`PUT`) and reads (`GET`) per second (20 clients);
 * - the same again with the gateway on NATS JetStream (`DENOFN_NATS_URL`, a `nats-server -js` of
 *   this machine), side by side with the embedded backend.
 * Every loop is bounded in count and time, and all traffic goes to 127.0.0.1.
 * @module
 */
import { join } from "node:path";
import { hasNatsServer, startNatsServer } from "../../src/nats/testing.ts";
import { startGateway } from "./lib/contenders.ts";
import { quantile, sig } from "./lib/stats.ts";

/** The measured figures. */
export interface AsyncBenchResults {
  enqueuePerSec: number;
  drainPerSec: number;
  asyncCallbackMs: { p50: number; p99: number };
  syncMs: { p50: number; p99: number };
  storeWritesPerSec: number;
  storeReadsPerSec: number;
}

const TOKEN = "bench-async-admin-token-000";
const CLIENTS = 20;

/** Runs `work(i)` from `clients` loops until `count` are done or `ms` passed; returns per second. */
async function rate(
  count: number,
  ms: number,
  clients: number,
  work: (i: number) => Promise<void>,
) {
  let next = 0;
  const started = performance.now();
  const deadline = started + ms;
  await Promise.all(Array.from({ length: clients }, async () => {
    while (next < count && performance.now() < deadline) await work(next++);
  }));
  return next / ((performance.now() - started) / 1000);
}

/** Measures the async and store figures against a fresh platform. */
export async function benchAsync(
  root: string,
  log: (s: string) => void,
): Promise<AsyncBenchResults> {
  const tmp = await Deno.makeTempDir({ prefix: "denofn-bench-async-" });
  const registryIn = join(tmp, "registry_in");
  await Deno.mkdir(join(registryIn, "hello"), { recursive: true });
  await Deno.writeTextFile(
    join(registryIn, "hello", "index.ts"),
    `export default () => "Hello, world!";\n`,
  );
  await Deno.writeTextFile(
    join(registryIn, "hello", "registry.json"),
    JSON.stringify({ idleTimeoutSec: 0, async: { concurrency: 50, maxQueued: 100_000 } }),
  );
  Deno.env.set("DENOFN_ADMIN_TOKEN", TOKEN); // the gateway process inherits it
  const gateway = await startGateway(root, registryIn, "denofn-async");
  const base = `http://127.0.0.1:${gateway.port}`;
  const received = new Map<string, number>();
  const waiting = new Map<string, () => void>();
  const hook = Deno.serve({ hostname: "127.0.0.1", port: 0, onListen() {} }, async (req) => {
    await req.body?.cancel();
    const id = req.headers.get("x-denofn-async-id") ?? "";
    received.set(id, performance.now());
    waiting.get(id)?.();
    return new Response("ok");
  });
  try {
    for (
      let i = 0;
      i < 600 && (await fetch(`${base}/fn/hello`).then((r) => r.text())) !== "Hello, world!";
      i++
    ) {
      await new Promise((r) => setTimeout(r, 100));
    }
    const ids: string[] = [];
    log("async: enqueue rate (2000 jobs at most, 10 s at most)");
    const enqueuePerSec = await rate(2_000, 10_000, CLIENTS, async () => {
      const res = await fetch(`${base}/async/fn/hello`, { method: "POST", body: "x" });
      ids.push((await res.json()).id);
    });
    log("async: drain rate");
    const drainStart = performance.now();
    let pending = [...ids];
    for (let round = 0; round < 600 && pending.length; round++) {
      const states = await Promise.all(
        pending.slice(0, 200).map(async (id) => {
          const r = await fetch(`${base}/async/${id}`);
          await r.body?.cancel();
          return r.headers.get("x-denofn-async-state") === "done" ? undefined : id;
        }),
      );
      pending = [...states.filter((s): s is string => !!s), ...pending.slice(200)];
      if (pending.length) await new Promise((r) => setTimeout(r, 50));
    }
    const drainPerSec = ids.length / ((performance.now() - drainStart) / 1000);

    log("async: enqueue → callback latency, one job at a time (200), beside sync calls");
    const asyncMs: number[] = [];
    const syncMs: number[] = [];
    const hookUrl = `http://127.0.0.1:${hook.addr.port}/done`;
    for (let i = 0; i < 200; i++) {
      const t0 = performance.now();
      const res = await fetch(`${base}/fn/hello`);
      await res.text();
      syncMs.push(performance.now() - t0);
      const t1 = performance.now();
      const posted = await fetch(`${base}/async/fn/hello`, {
        method: "POST",
        headers: { "x-callback-url": hookUrl },
      });
      const { id } = await posted.json();
      if (!received.has(id)) {
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, 10_000);
          waiting.set(id, () => (clearTimeout(timer), resolve()));
        });
      }
      waiting.delete(id);
      asyncMs.push((received.get(id) ?? performance.now()) - t1);
    }

    log("store: writes and reads (5000 each at most, 5 s at most)");
    const auth = { authorization: `Bearer ${TOKEN}`, "content-type": "application/json" };
    const storeWritesPerSec = await rate(5_000, 5_000, CLIENTS, async (i) => {
      const r = await fetch(`${base}/store/bench/d${i % 1000}`, {
        method: "PUT",
        headers: auth,
        body: JSON.stringify({ i, title: "a document of a few dozen bytes" }),
      });
      await r.body?.cancel();
    });
    const storeReadsPerSec = await rate(5_000, 5_000, CLIENTS, async (i) => {
      const r = await fetch(`${base}/store/bench/d${i % 1000}`, { headers: auth });
      await r.body?.cancel();
    });
    const q = (xs: number[]) => ({ p50: quantile(xs, 0.5), p99: quantile(xs, 0.99) });
    return {
      enqueuePerSec,
      drainPerSec,
      asyncCallbackMs: q(asyncMs),
      syncMs: q(syncMs),
      storeWritesPerSec,
      storeReadsPerSec,
    };
  } finally {
    await hook.shutdown();
    await gateway.stop();
    await Deno.remove(tmp, { recursive: true }).catch(() => {});
  }
}

/**
 * The same figures with the gateway on NATS JetStream (a fresh `nats-server -js`); `undefined`
 * (and a line saying so) when `nats-server` is not installed.
 */
export async function benchAsyncOnNats(
  root: string,
  log: (s: string) => void,
): Promise<AsyncBenchResults | undefined> {
  if (!(await hasNatsServer())) {
    log("async on NATS JetStream: skipped (apt-get install -y nats-server)");
    return undefined;
  }
  await using nats = await startNatsServer();
  Deno.env.set("DENOFN_NATS_URL", nats.url); // the gateway process inherits it
  Deno.env.set("DENOFN_GATEWAY_ID", "bench");
  try {
    return await benchAsync(root, log);
  } finally {
    Deno.env.delete("DENOFN_NATS_URL");
    Deno.env.delete("DENOFN_GATEWAY_ID");
  }
}

/** The figures as a markdown table (beside those on NATS JetStream, when given). */
export function asyncMarkdown(r: AsyncBenchResults, onNats?: AsyncBenchResults): string {
  const row = (measure: string, value: (r: AsyncBenchResults) => string) =>
    `| ${measure} | ${value(r)} |${onNats ? ` ${value(onNats)} |` : ""}`;
  return [
    "### Async and store",
    "",
    onNats ? "| measure | embedded (Deno KV) | NATS JetStream |" : "| measure | value |",
    onNats ? "| --- | --- | --- |" : "| --- | --- |",
    row("async enqueue (202 answers, 20 clients)", (r) => `${sig(r.enqueuePerSec)} jobs/s`),
    row("async drain (hello, async.concurrency 50)", (r) => `${sig(r.drainPerSec)} jobs/s`),
    row(
      "enqueue → callback, p50 / p99",
      (r) => `${sig(r.asyncCallbackMs.p50)} / ${sig(r.asyncCallbackMs.p99)} ms`,
    ),
    row(
      "sync call (same client), p50 / p99",
      (r) => `${sig(r.syncMs.p50)} / ${sig(r.syncMs.p99)} ms`,
    ),
    row("store document writes (PUT, 20 clients)", (r) => `${sig(r.storeWritesPerSec)} /s`),
    row("store document reads (GET, 20 clients)", (r) => `${sig(r.storeReadsPerSec)} /s`),
  ].join("\n");
}

if (import.meta.main) {
  const root = new URL("../..", import.meta.url).pathname;
  const results = await benchAsync(root, (s) => console.error(s));
  const onNats = await benchAsyncOnNats(root, (s) => console.error(s));
  console.log(asyncMarkdown(results, onNats));
  console.log(JSON.stringify({ ...results, onNats }));
}
