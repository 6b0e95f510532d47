/** The manifest test against a real server reached through the runtime's transport. */
import { assert, assertEquals } from "../../test/helpers/assert.ts";
import { parseManifest } from "../manifest/mod.ts";
import type { FunctionRecord } from "../manifest/record.ts";
import { createUpstreamClient } from "./transport/mod.ts";
import type { Instance, InstanceExit, InstanceStarter } from "./types.ts";
import { createVerifier } from "./verify.ts";

function record(test: Record<string, unknown>): FunctionRecord {
  return {
    name: "fn",
    status: "ready",
    hash: "0123456789abcdef",
    runtime: "deno",
    builtAt: "",
    buildMs: 0,
    sourceDir: "/x",
    bundle: "fn.js",
    manifest: parseManifest({ test }),
  };
}

/**
 * Runs `fn` with a verifier whose instances are a real Deno.serve server on 127.0.0.1, reached
 * through the shared upstream transport; `stopped` lists the reasons instances were stopped.
 */
async function withVerifier(
  handler: (req: Request) => Response | Promise<Response>,
  fn: (
    verify: (r: FunctionRecord) => Promise<string | undefined>,
    stopped: string[],
  ) => Promise<void>,
): Promise<void> {
  const ac = new AbortController();
  const server = Deno.serve(
    { hostname: "127.0.0.1", port: 0, signal: ac.signal, onListen() {} },
    handler,
  );
  const stopped: string[] = [];
  const starter: InstanceStarter = {
    start(_record, id) {
      const client = createUpstreamClient({
        transport: "tcp",
        hostname: "127.0.0.1",
        port: server.addr.port,
      });
      let exit!: (e: InstanceExit) => void;
      const exited = new Promise<InstanceExit>((r) => exit = r);
      const instance: Instance = {
        id,
        kind: "process",
        readyAt: Date.now(),
        exited,
        fetch: (req) => client.fetch(req),
        send: (call) => client.send(call),
        probe: () => Promise.resolve(true),
        stop(reason) {
          stopped.push(reason);
          client.close();
          exit({ code: 0, reason });
          return Promise.resolve();
        },
      };
      return Promise.resolve(instance);
    },
  };
  const verify = createVerifier({
    starterFor: () => starter,
    registryDir: "/nonexistent",
    logs: { write() {} },
    readyTimeoutMs: () => 1_000,
  });
  try {
    await fn(verify, stopped);
  } finally {
    ac.abort();
    await server.finished;
  }
}

Deno.test("createVerifier() sends the manifest's request through send() and passes a match", async () => {
  const seen: Record<string, string | null>[] = [];
  await withVerifier(async (req) => {
    const url = new URL(req.url);
    seen.push({
      method: req.method,
      path: url.pathname + url.search,
      id: req.headers.get("x-request-id"),
      prefix: req.headers.get("x-forwarded-prefix"),
      custom: req.headers.get("x-a"),
      length: req.headers.get("content-length"),
      body: await req.text(),
    });
    return new Response("hello there", { status: 201, headers: { "x-kind": "greeting" } });
  }, async (verify, stopped) => {
    const test = {
      request: { method: "POST", path: "/a b?q=1", headers: { "x-a": "1" }, body: "héllo" },
      expect: { status: 201, bodyContains: "hello", headers: { "x-kind": "greet" } },
    };
    assertEquals(await verify(record(test)), undefined);
    assertEquals(stopped, ["test finished"]);
    const { id, ...rest } = seen[0];
    assert(id?.startsWith("test-01234567-"), `request id ${id}`);
    assertEquals(rest, {
      method: "POST",
      path: "/a%20b?q=1",
      prefix: "/fn/fn",
      custom: "1",
      length: "6",
      body: "héllo",
    });
  });
});

Deno.test("createVerifier() names what differs in a failing answer", async () => {
  await withVerifier(() => new Response("nope"), async (verify, stopped) => {
    assertEquals(
      await verify(record({ expect: { status: 201 } })),
      "expected status 201, got 200: nope",
    );
    assertEquals(
      await verify(record({ expect: { bodyContains: "yes" } })),
      'expected the body to contain "yes", got: nope',
    );
    assertEquals(stopped, ["test finished", "test finished"]);
  });
});
