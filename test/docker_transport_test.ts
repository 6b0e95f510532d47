/** Container instances are reached through the runtime's streaming transport: both ways. */
import { fileURLToPath } from "node:url";
import { assert, assertEquals } from "./helpers/assert.ts";
import { DockerSandbox, dockerTest, ensureTestBaseImages } from "../src/docker/testing.ts";

const fixture = (name: string) =>
  fileURLToPath(new URL(`./fixtures/docker/${name}`, import.meta.url));
const dec = new TextDecoder();

function bytes(n: number, seed = 5): Uint8Array<ArrayBuffer> {
  const b = new Uint8Array(n);
  let x = seed;
  for (let i = 0; i < n; i++) b[i] = x = (x * 1103515245 + 12345) & 0xff;
  return b;
}

async function digest(data: Uint8Array<ArrayBuffer> | ArrayBuffer): Promise<string> {
  return new Uint8Array(await crypto.subtle.digest("SHA-256", data)).toString();
}

/** A stream of `data` in 64 KiB pieces, with no length known up front. */
function streamOf(data: Uint8Array<ArrayBuffer>): ReadableStream<Uint8Array> {
  let at = 0;
  return new ReadableStream({
    pull(c) {
      if (at >= data.length) return c.close();
      c.enqueue(data.slice(at, at += 64 * 1024));
    },
  });
}

dockerTest(
  "a container instance streams server-sent events out and large uploads in, through fetch and send",
  async () => {
    await ensureTestBaseImages(["node"]);
    await using sandbox = new DockerSandbox();
    const record = await sandbox.build("stream", fixture("node-stream"));
    const inst = await sandbox.start(record);
    try {
      assert(await inst.probe(2_000), "the health probe answers through the transport");

      const events = await inst.send({
        method: "GET",
        path: "/events",
        headers: new Headers({ accept: "text/event-stream" }),
        body: null,
        signal: AbortSignal.timeout(20_000),
      });
      assertEquals(events.headers.get("content-type"), "text/event-stream");
      const reader = events.body!.getReader();
      // The function is still waiting for /release: this event crossed before it finished.
      assertEquals(dec.decode((await reader.read()).value), "data: one\n\n");
      const released = await inst.fetch(new Request("http://fn/release"));
      assertEquals(await released.text(), "released");
      let rest = "";
      for (let r = await reader.read(); !r.done; r = await reader.read()) {
        rest += dec.decode(r.value);
      }
      assertEquals(rest, "data: two\n\n");

      const big = bytes(8 * 1024 * 1024);
      const echoed = await inst.fetch(
        new Request("http://fn/echo", { method: "POST", body: streamOf(big) }),
      );
      assertEquals(echoed.status, 200);
      assertEquals(echoed.headers.get("x-framing"), "chunked", "the upload was not buffered");
      assertEquals(await digest(await echoed.arrayBuffer()), await digest(big));

      const sized = bytes(3 * 1024 * 1024, 9);
      const sent = await inst.send({
        method: "PUT",
        path: "/echo?via=send",
        headers: new Headers({ "content-length": String(sized.length) }),
        body: streamOf(sized),
      });
      assertEquals(sent.headers.get("x-framing"), `length ${sized.length}`);
      assertEquals(await digest(await sent.arrayBuffer()), await digest(sized));

      assertEquals(await (await inst.fetch(new Request("http://fn/"))).text(), "ready");
    } finally {
      await inst.stop("test");
    }
    assertEquals((await inst.exited).reason, "test");
  },
);
