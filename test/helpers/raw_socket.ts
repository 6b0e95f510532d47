/** Raw-socket helpers for edge tests: what a server sends until it closes the connection. */

/** Reads until the peer closes (or `ms` pass, then closes it here); the text and how long. */
export async function readToClose(
  conn: Deno.Conn,
  ms = 5_000,
): Promise<{ text: string; ms: number }> {
  const started = Date.now();
  const buf = new Uint8Array(8192);
  let text = "";
  const timer = setTimeout(() => conn.close(), ms);
  try {
    while (true) {
      const n = await conn.read(buf);
      if (n === null) break;
      text += new TextDecoder().decode(buf.subarray(0, n));
    }
  } catch { /* closed by the timer, or reset */ }
  clearTimeout(timer);
  try {
    conn.close();
  } catch { /* already closed */ }
  return { text, ms: Date.now() - started };
}
