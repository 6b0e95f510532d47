/**
 * Tracing end to end: the platform process with Deno's OpenTelemetry on, exporting to a small
 * OTLP/HTTP (JSON) receiver started here. One call yields one connected trace: the gateway's
 * server span → its hop span → the function's server span → the function's own `fetch`.
 */
import { join } from "node:path";
import { assert, assertEquals } from "./helpers/assert.ts";
import { startPlatformProcess } from "./helpers/platform_process.ts";
import { startTempPlatform } from "./helpers/temp_platform.ts";

interface Span {
  service: string;
  attributes: Record<string, unknown>;
  traceId: string;
  spanId: string;
  parentSpanId: string;
  name: string;
  /** 2 = server, 3 = client. */
  kind: number;
}

type KeyValue = { key: string; value: Record<string, unknown> };
const values = (kvs: KeyValue[] = []) =>
  Object.fromEntries(kvs.map((a) => [a.key, Object.values(a.value)[0]]));

/** A minimal OTLP/HTTP receiver: keeps the spans of every `POST /v1/traces` (JSON encoding). */
function startReceiver() {
  const spans: Span[] = [];
  const server = Deno.serve({ port: 0, hostname: "127.0.0.1", onListen() {} }, async (req) => {
    const path = new URL(req.url).pathname;
    if (req.method === "POST" && path === "/v1/traces") {
      const body = await req.json();
      for (const rs of body.resourceSpans ?? []) {
        const resource = values(rs.resource?.attributes);
        for (const ss of rs.scopeSpans ?? []) {
          for (const s of ss.spans ?? []) {
            spans.push({
              ...s,
              service: String(resource["service.name"]),
              attributes: { ...resource, ...values(s.attributes) },
            });
          }
        }
      }
    } else await req.body?.cancel();
    return Response.json({});
  });
  return { spans, port: server.addr.port, close: () => server.shutdown() };
}

const TRACED = (port: number) => `
export default async (req: Request) => {
  const ping = await fetch("http://127.0.0.1:${port}/ping");
  await ping.body?.cancel();
  return { traceparent: req.headers.get("traceparent"), tracestate: req.headers.get("tracestate") };
};
`;

Deno.test("one call is one connected trace: gateway → hop → function → its fetch", async () => {
  const receiver = startReceiver();
  const root = await Deno.makeTempDir({ prefix: "denofn-otel-" });
  const fn = join(root, "registry_in", "traced");
  await Deno.mkdir(fn, { recursive: true });
  await Deno.writeTextFile(join(fn, "index.ts"), TRACED(receiver.port));
  await Deno.writeTextFile(
    join(fn, "registry.json"),
    JSON.stringify({ permissions: { net: [`127.0.0.1:${receiver.port}`] } }),
  );
  const platform = await startPlatformProcess({
    DENOFN_REGISTRY_IN: join(root, "registry_in"),
    DENOFN_REGISTRY: join(root, "registry"),
    DENOFN_DATA: join(root, "data"),
    OTEL_DENO: "true",
    OTEL_SERVICE_NAME: "denofn",
    OTEL_EXPORTER_OTLP_ENDPOINT: `http://127.0.0.1:${receiver.port}`,
    OTEL_EXPORTER_OTLP_PROTOCOL: "http/json",
    OTEL_EXPORTER_OTLP_HEADERS: "authorization=Bearer collector-secret",
    OTEL_RESOURCE_ATTRIBUTES: "deployment.environment=test",
    OTEL_BSP_SCHEDULE_DELAY: "100",
  });
  try {
    const traceId = "4bf92f3577b34da6a3ce929d0e0e4736";
    const res = await fetch(`${platform.url}/fn/traced`, {
      headers: { traceparent: `00-${traceId}-00f067aa0ba902b7-01`, tracestate: "vendor=opaque" },
    });
    assertEquals(res.status, 200);
    const seen = await res.json();
    assertEquals(seen.tracestate, "vendor=opaque");
    const [, seenTrace, hopId] = seen.traceparent.split("-");
    assertEquals(seenTrace, traceId);

    const find = (f: (s: Span) => boolean) =>
      receiver.spans.find((s) => s.traceId === traceId && f(s));
    let fetchSpan: Span | undefined;
    for (let i = 0; i < 200 && !fetchSpan; i++) {
      await new Promise((r) => setTimeout(r, 100));
      fetchSpan = find((s) => s.service === "denofn-fn-traced" && s.kind === 3);
    }
    assert(fetchSpan, `no fetch span of the function in ${JSON.stringify(receiver.spans)}`);
    const fnServer = find((s) => s.spanId === fetchSpan!.parentSpanId);
    assert(fnServer, "the function's fetch has no exported parent");
    assertEquals([fnServer.service, fnServer.kind], ["denofn-fn-traced", 2]);
    assertEquals(fnServer.parentSpanId, hopId, "the function's span hangs off the hop it was sent");
    assertEquals(fnServer.attributes["faas.name"], "traced");
    assertEquals(fnServer.attributes["deployment.environment"], "test");
    let hop: Span | undefined;
    for (let i = 0; i < 100 && !hop; i++) {
      hop = find((s) => s.spanId === hopId);
      if (!hop) await new Promise((r) => setTimeout(r, 100));
    }
    assert(hop, "the hop span was not exported");
    assertEquals([hop.service, hop.kind, hop.name], ["denofn", 3, "invoke traced"]);
    assertEquals(hop.attributes["faas.invoked_name"], "traced");
    const gateway = find((s) => s.spanId === hop!.parentSpanId);
    assert(gateway, "the hop has no exported parent");
    assertEquals([gateway.service, gateway.kind], ["denofn", 2]);
    assertEquals(
      gateway.parentSpanId,
      "00f067aa0ba902b7",
      "the gateway continues the caller's trace",
    );
  } finally {
    await platform.stop();
    await receiver.close();
    await Deno.remove(root, { recursive: true });
  }
});

Deno.test("without OpenTelemetry, tracestate passes with a valid traceparent and is dropped without", async () => {
  const p = await startTempPlatform([]);
  try {
    await p.write(
      "state",
      "index.ts",
      `export default (req: Request) => ({ tp: req.headers.get("traceparent"), ts: req.headers.get("tracestate") });`,
    );
    const call = async (headers: Record<string, string>) =>
      await (await fetch(`${p.url}/fn/state`, { headers })).json();
    const traceId = "4bf92f3577b34da6a3ce929d0e0e4736";
    const continued = await call({
      traceparent: `00-${traceId}-00f067aa0ba902b7-01`,
      tracestate: "vendor=opaque",
    });
    assertEquals([continued.tp.slice(3, 35), continued.ts], [traceId, "vendor=opaque"]);
    assert(!continued.tp.includes("00f067aa0ba902b7"), "the hop has a span id of its own");
    const fresh = await call({ traceparent: "garbage", tracestate: "vendor=opaque" });
    assertEquals(fresh.ts, null);
    assert(/^00-[0-9a-f]{32}-[0-9a-f]{16}-01$/.test(fresh.tp), fresh.tp);
  } finally {
    await p.close();
  }
});
