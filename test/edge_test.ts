/**
 * The edge, tried with raw sockets against the real platform: paths that a URL parser would
 * normalize into another function answer 400; clients that send headers slowly, connections left
 * idle and heads with too many headers are cut off, while normal calls keep answering. Every
 * loop is bounded and all traffic goes to 127.0.0.1.
 */
import { assert, assertEquals, assertMatch } from "./helpers/assert.ts";
import { startTempPlatform, type TempPlatform } from "./helpers/temp_platform.ts";
import { readToClose } from "./helpers/raw_socket.ts";

const HEADER_TIMEOUT_MS = 1_000;
const KEEPALIVE_TIMEOUT_MS = 1_000;
/** How late a close may come: the guard checks deadlines every quarter of a timeout. */
const SLACK_MS = 1_000;
const enc = (s: string) => new TextEncoder().encode(s);

function port(p: TempPlatform): number {
  return Number(new URL(p.url).port);
}

/** Sends `head` on a fresh connection and reads until the server closes it. */
async function exchange(p: TempPlatform, head: string): Promise<string> {
  const conn = await Deno.connect({ hostname: "127.0.0.1", port: port(p) });
  await conn.write(enc(head)).catch(() => {});
  return (await readToClose(conn, 5_000)).text;
}

async function callOk(p: TempPlatform): Promise<void> {
  const res = await fetch(`${p.url}/fn/zzzhello`);
  assertEquals([res.status, await res.text()], [200, "zzzhello answered"]);
}

Deno.test("the edge refuses dot segments, slow headers, idle connections and header floods", async (t) => {
  const p = await startTempPlatform([], {
    DENOFN_HEADER_TIMEOUT_MS: String(HEADER_TIMEOUT_MS),
    DENOFN_KEEPALIVE_TIMEOUT_MS: String(KEEPALIVE_TIMEOUT_MS),
  });
  try {
    await p.write("zzzhello", "index.ts", 'export default () => "zzzhello answered";\n');
    await p.write(
      "a",
      "index.ts",
      "export default (_r: Request, ctx: { path: string }) => ctx.path;\n",
    );
    await callOk(p);

    await t.step(
      "a path with dot segments or encoded slashes is 400, never another function",
      async () => {
        const paths = [
          "/fn/a/../../fn/zzzhello",
          "/fn/a/../zzzhello",
          "/fn/a/%2e%2e/%2e%2e/fn/zzzhello",
          "/fn/a/%2E%2E/zzzhello",
          "/fn/a/.%2e/zzzhello",
          "/fn/a/%2e./zzzhello",
          "/fn/./zzzhello",
          "/fn/a/..%2f..%2ffn%2fzzzhello",
          "/fn/a%2f..%2fzzzhello",
          "/fn/a%5c..%5czzzhello",
          "/fn/a/..\\..\\fn\\zzzhello",
          "/async/fn/a/../../fn/zzzhello",
          "/x/../fn/zzzhello",
          "/%66n/zzzhello",
        ];
        for (const path of paths) {
          const text = await exchange(
            p,
            `GET ${path} HTTP/1.1\r\nHost: h\r\nConnection: close\r\n\r\n`,
          );
          assertMatch(text, /^HTTP\/1\.1 400 /, `${path}: ${text.slice(0, 80)}`);
          assert(!text.includes("zzzhello answered"), `${path} reached zzzhello`);
        }
        const kept = await exchange(
          p,
          "GET /fn/a/x..y/z HTTP/1.1\r\nHost: h\r\nConnection: close\r\n\r\n",
        );
        assertMatch(kept, /^HTTP\/1\.1 200 [\s\S]*\/x\.\.y\/z$/);
      },
    );

    await t.step(
      "20 slow-header clients are closed within the timeout while calls answer",
      async () => {
        const slow = await Promise.all(
          Array.from({ length: 20 }, () => Deno.connect({ hostname: "127.0.0.1", port: port(p) })),
        );
        await Promise.all(
          slow.map((c) => c.write(enc("GET /fn/zzzhello HTTP/1.1\r\nHost: h\r\nX-Slow: "))),
        );
        const trickle = setInterval(() => {
          for (const c of slow) c.write(enc("a")).catch(() => {});
        }, 100);
        const closed = Promise.all(slow.map((c) => readToClose(c, HEADER_TIMEOUT_MS + 5_000)));
        for (let i = 0; i < 10; i++) await callOk(p);
        const results = await closed;
        clearInterval(trickle);
        for (const { text, ms } of results) {
          assertMatch(text, /^HTTP\/1\.1 408 Request Timeout\r\n/);
          assert(ms <= HEADER_TIMEOUT_MS + SLACK_MS, `a slow client was closed after ${ms} ms`);
        }
        await callOk(p);
      },
    );

    await t.step(
      "500 idle keep-alive connections close after the limit; calls keep answering",
      async () => {
        const idle: Deno.Conn[] = [];
        for (let i = 0; i < 500; i++) {
          idle.push(await Deno.connect({ hostname: "127.0.0.1", port: port(p) }));
        }
        const started = Date.now();
        const closed = Promise.all(idle.map(async (c) => {
          await c.write(enc("GET /healthz HTTP/1.1\r\nHost: h\r\n\r\n"));
          return await readToClose(c, KEEPALIVE_TIMEOUT_MS + 10_000);
        }));
        for (let i = 0; i < 10; i++) await callOk(p);
        const results = await closed;
        for (const { text } of results) assertMatch(text, /^HTTP\/1\.1 200 OK[\s\S]*"status":"ok"/);
        const ms = Date.now() - started;
        assert(
          ms <= KEEPALIVE_TIMEOUT_MS + 2 * SLACK_MS,
          `the last idle one was closed after ${ms} ms`,
        );
        await callOk(p);
      },
    );

    await t.step("200 headers, or 64 KiB of them, answer 431", async () => {
      const many = "GET /fn/zzzhello HTTP/1.1\r\nHost: h\r\n" + "x-h: v\r\n".repeat(200) + "\r\n";
      const large = "GET /fn/zzzhello HTTP/1.1\r\nHost: h\r\nx-big: " + "a".repeat(64 * 1024) +
        "\r\n\r\n";
      for (const head of [many, large]) {
        const text = await exchange(p, head);
        assertMatch(text, /^HTTP\/1\.1 431 Request Header Fields Too Large\r\n/);
        assertMatch(text, /"code":"headers_too_large"/);
      }
      await callOk(p);
    });
  } finally {
    await p.close();
  }
});
