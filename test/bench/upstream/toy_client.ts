/**
 * NOT a correct client: the ceiling of a Deno-JS hop, for the micro-bench only. It sends a
 * fixed GET head, reads one chunk and answers its body as the whole response (GET only,
 * content-length only, no streaming, no errors handled), like the toy the issue measured.
 * @module
 */
import type { UpstreamClient } from "../../../src/runtime/transport/mod.ts";

const HEAD = new TextEncoder().encode("GET / HTTP/1.1\r\nhost: localhost\r\n\r\n");

/** Creates the toy client for `socketPath`. */
export function createToyClient(socketPath: string): Omit<UpstreamClient, "send"> {
  const idle: Deno.Conn[] = [];
  const scratch = new Uint8Array(65536);
  return {
    async fetch() {
      const conn = idle.pop() ?? await Deno.connect({ transport: "unix", path: socketPath });
      await conn.write(HEAD);
      const n = (await conn.read(scratch)) ?? 0;
      idle.push(conn);
      const bytes = scratch.subarray(0, n);
      let at = 0;
      for (let i = 0; i < n - 3; i++) {
        if (bytes[i] === 13 && bytes[i + 1] === 10 && bytes[i + 2] === 13 && bytes[i + 3] === 10) {
          at = i + 4;
          break;
        }
      }
      return new Response(bytes.slice(at), { status: 200 });
    },
    close() {
      for (const c of idle.splice(0)) c.close();
    },
  };
}
