/**
 * The edge's direct lane (`src/gateway/lane/`) against the full route: the same calls to two
 * platforms, one with the lane and one without (`DENOFN_DIRECT_LANE=off`), must be answered
 * alike, bytes a function sees included; and the lane keeps a connection's answers in order
 * when its requests mix with others, keeps the contract's errors, and declines what it must.
 */
import { assert, assertEquals, assertMatch } from "./helpers/assert.ts";
import { startTempPlatform, type TempPlatform } from "./helpers/temp_platform.ts";
import { readToClose } from "./helpers/raw_socket.ts";
import { poll, until } from "./helpers/wait.ts";

const FIXTURES = ["mirror", "throws", "hangs", "crash_modes", "queued", "slow"];

/** Headers that differ between any two calls. */
const VOLATILE = new Set(["date", "x-request-id", "server-timing"]);

interface Seen {
  status: number;
  headers: [string, string][];
  body: string;
}

/** A connection per call: one the full route took keeps to it (see the next test). */
const fresh = Deno.createHttpClient({ poolMaxIdlePerHost: 0 });

async function call(base: string, path: string, init: RequestInit = {}): Promise<Seen> {
  const res = await fetch(`${base}${path}`, { ...init, client: fresh });
  const body = await res.text();
  const headers = [...res.headers].filter(([n]) => !VOLATILE.has(n));
  return { status: res.status, headers, body: normalize(body) };
}

/** The parts of a mirrored call that differ between two platforms (ports, ids). */
function normalize(body: string): string {
  if (!body.startsWith("{")) return body;
  const seen = JSON.parse(body);
  if (seen.requestId) seen.requestId = "<id>";
  if (!seen.headers) return JSON.stringify(seen);
  for (const n of ["host", "x-forwarded-host", "x-request-id", "traceparent"]) {
    if (seen.headers[n]) seen.headers[n] = `<${n}>`;
  }
  return JSON.stringify(seen);
}

const CASES: [string, RequestInit?][] = [
  ["/fn/mirror"],
  ["/fn/mirror/"],
  ["/fn/mirror/a/b?x=1&y=%20z"],
  ["/fn/mirror?status=201"],
  ["/fn/mirror?status=204"],
  ["/fn/mirror?status=304"],
  ["/fn/mirror?status=404"],
  ["/fn/mirror?stream=1"],
  ["/fn/mirror?latin1=1"],
  ["/fn/mirror", { method: "HEAD" }],
  ["/fn/mirror", { method: "POST", body: JSON.stringify({ a: "é" }) }],
  ["/fn/mirror", { method: "PUT" }],
  ["/fn/mirror", { method: "DELETE" }],
  ["/fn/mirror", { method: "OPTIONS" }],
  ["/fn/mirror", { method: "PATCH", body: "x".repeat(70_000) }], // over the lane's body cap
  ["/fn/mirror", { headers: { "x-request-id": "abc-123", "x-forwarded-for": "10.0.0.9" } }],
  ["/fn/mirror", {
    headers: {
      traceparent: "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01",
      tracestate: "k=v",
    },
  }],
  ["/fn/mirror", { headers: { traceparent: "garbage", tracestate: "k=v" } }],
  ["/fn/mirror", { headers: { "x-denofn-probe": "1", connection: "keep-alive" } }],
  ["/fn/throws"],
  ["/fn/nope"],
];

Deno.test("the direct lane answers every call as the full route does", async () => {
  const lane = await startTempPlatform(FIXTURES);
  const full = await startTempPlatform(FIXTURES, { DENOFN_DIRECT_LANE: "off" });
  try {
    assertEquals(full.platform.directLane, undefined);
    for (const [path, init] of CASES) {
      const before = lane.platform.directLane!.taken;
      const a = await call(lane.url, path, init);
      const b = await call(full.url, path, init);
      assertEquals(a, b, `${init?.method ?? "GET"} ${path}`);
      const took = lane.platform.directLane!.taken > before;
      const expected = path !== "/fn/nope" && !(init?.method === "PATCH");
      const what = `${init?.method ?? "GET"} ${path} ${JSON.stringify(init?.headers ?? {})}`;
      assertEquals(took, expected, `whether the lane took ${what}`);
    }
    // The history and metrics of both routes agree.
    for (const p of [lane, full]) {
      const [thrown] = p.platform.observability!.history.list({ function: "throws" });
      assertEquals(thrown.status, 500);
      assertMatch(thrown.error, /boom from throws/);
      assert(thrown.traceId?.length === 32, "a trace id is recorded");
    }
    const count = async (p: TempPlatform) => {
      const text = await (await fetch(`${p.url}/metrics`)).text();
      return text.match(/denofn_invocations_total\{function="mirror",status="200"\} (\d+)/)?.[1];
    };
    assertEquals(await count(lane), await count(full));
  } finally {
    await lane.close();
    await full.close();
  }
});

/** Sends `requests` on one connection, one write each (`gapMs` apart); what came back. */
async function exchange(url: string, requests: string[], gapMs = 0): Promise<string> {
  const { port } = new URL(url);
  const conn = await Deno.connect({ hostname: "127.0.0.1", port: Number(port) });
  const writes = (async () => {
    for (const r of requests) {
      await conn.write(new TextEncoder().encode(r));
      if (gapMs) await new Promise((res) => setTimeout(res, gapMs));
    }
  })();
  const { text } = await readToClose(conn, 3_000);
  await writes.catch(() => {});
  return text;
}

const get = (path: string, extra = "") => `GET ${path} HTTP/1.1\r\nhost: t\r\n${extra}\r\n`;
const statuses = (text: string) => [...text.matchAll(/HTTP\/1\.1 (\d{3}) /g)].map((m) => m[1]);

Deno.test("the direct lane keeps one connection's answers in order, whatever mixes in", async () => {
  const p = await startTempPlatform(FIXTURES);
  try {
    const closeLast = "connection: close\r\n";
    // Lane first, then the full route on the same connection, then the lane is done with it.
    let text = await exchange(p.url, [
      get("/fn/slow?ms=300"),
      get("/healthz"),
      get("/fn/mirror?status=201", closeLast),
    ], 50);
    assertEquals(statuses(text), ["200", "200", "201"]);
    assert(text.indexOf('"ms":300') < text.indexOf('"status":"ok"'), text);
    // Pipelined in one write: both answered, in order.
    text = await exchange(p.url, [get("/fn/mirror?status=202") + get("/fn/mirror", closeLast)]);
    assertEquals(statuses(text), ["202", "200"]);
    // The full route first: later calls on that connection keep to it, in order.
    text = await exchange(p.url, [get("/healthz"), get("/fn/mirror?status=203", closeLast)], 50);
    assertEquals(statuses(text), ["200", "203"]);
    // A head the lane will not read goes on to the full route (400 there), never crashes.
    text = await exchange(p.url, [get("/fn/mirror", "x-a: b\x01c\r\n")]);
    assertEquals(statuses(text), ["400"]);
    text = await exchange(p.url, [
      "POST /fn/mirror HTTP/1.1\r\nhost: t\r\ncontent-length: 3\r\ntransfer-encoding: chunked\r\n\r\n",
    ]);
    assertEquals(statuses(text), ["400"]);
    assertEquals((await fetch(`${p.url}/fn/mirror?status=200`)).status, 200);
  } finally {
    await p.close();
  }
});

Deno.test("the direct lane answers timeouts, crashes, busy functions and gone callers per the contract", async () => {
  const p = await startTempPlatform(FIXTURES);
  try {
    const before = p.platform.directLane!.taken;
    const hung = await fetch(`${p.url}/fn/hangs`);
    assertEquals(hung.status, 504);
    assertEquals((await hung.json()).code, "function_timed_out");

    await (await fetch(`${p.url}/fn/crash_modes`)).text();
    const crashed = await fetch(`${p.url}/fn/crash_modes/exit`);
    assertEquals(crashed.status, 502);
    assertEquals((await crashed.json()).function, "crash_modes");
    assertEquals((await fetch(`${p.url}/fn/crash_modes`)).status, 200, "a fresh instance serves");

    // concurrency 1, maxQueue 1: of three at once, one is refused with 429.
    const three = await Promise.all(
      [1, 2, 3].map(() =>
        fetch(`${p.url}/fn/queued`).then(async (r) => (await r.body?.cancel(), r))
      ),
    );
    const codes = three.map((r) => r.status).sort();
    assert(codes.includes(429), `one of three is refused: ${codes}`);
    assert(three.find((r) => r.status === 429)!.headers.has("retry-after"));

    const gone = new AbortController();
    const slow = fetch(`${p.url}/fn/slow?ms=2000`, { signal: gone.signal }).catch(() => {});
    await until("the slow call is in flight", () => p.supervisor.pool("slow").inFlight === 1);
    gone.abort();
    await slow;
    const record = await poll(
      "the gone caller's call is recorded",
      () => Promise.resolve(p.platform.observability!.history.list({ function: "slow" })[0]),
    );
    assertEquals(record.status, 499);
    assert(p.platform.directLane!.taken - before >= 8, "the lane took these calls");
  } finally {
    await p.close();
  }
});

Deno.test("a client that sends on during its lane call is held back, not buffered without bound", async () => {
  const p = await startTempPlatform(["slow"]);
  try {
    const { port } = new URL(p.url);
    const conn = await Deno.connect({ hostname: "127.0.0.1", port: Number(port) });
    await conn.write(new TextEncoder().encode(get("/fn/slow?ms=1500")));
    await until("the call runs", () => p.supervisor.pool("slow").inFlight === 1);
    const flood = new Uint8Array(64 * 1024 * 1024).fill(65); // more than any socket buffers
    let sent = 0;
    const sending = (async () => {
      while (sent < flood.length) sent += await conn.write(flood.subarray(sent));
    })().catch(() => {});
    await new Promise((r) => setTimeout(r, 500));
    assert(sent < flood.length / 2, `the edge stopped reading: ${sent} bytes taken`);
    const { text } = await readToClose(conn, 5_000);
    assertEquals(statuses(text)[0], "200", "the call is answered");
    await sending;
    assertEquals((await fetch(`${p.url}/fn/slow?ms=1`)).status, 200, "the gateway serves on");
  } finally {
    await p.close();
  }
});
