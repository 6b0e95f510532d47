/** `Range: bytes=...` for one range (several ranges are answered with the whole file). */

/** A satisfiable byte range, inclusive. */
export interface ByteRange {
  start: number;
  end: number;
}

/**
 * The range `header` asks of a file of `size` bytes: a range, `unsatisfiable` (416), or
 * undefined to send the whole file (no header, a malformed one, or several ranges).
 */
export function parseRange(
  header: string | null,
  size: number,
): ByteRange | "unsatisfiable" | undefined {
  if (!header) return undefined;
  const m = /^bytes=\s*(\d*)\s*-\s*(\d*)\s*$/.exec(header);
  if (!m || (m[1] === "" && m[2] === "")) return undefined;
  if (m[1] === "") {
    const suffix = Number(m[2]);
    if (suffix === 0) return "unsatisfiable";
    return { start: Math.max(0, size - suffix), end: size - 1 };
  }
  const start = Number(m[1]);
  const end = m[2] === "" ? size - 1 : Math.min(Number(m[2]), size - 1);
  if (start >= size || end < start) return "unsatisfiable";
  return { start, end };
}

/** A stream of `length` bytes of `file` from `start`; closes the file when done or cancelled. */
export function fileSlice(
  file: Deno.FsFile,
  start: number,
  length: number,
): ReadableStream<Uint8Array> {
  let left = length;
  let positioned = false;
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      try {
        if (!positioned) {
          await file.seek(start, Deno.SeekMode.Start);
          positioned = true;
        }
        const buf = new Uint8Array(Math.min(64 * 1024, left));
        const n = left > 0 ? await file.read(buf) : null;
        if (n === null || n === 0) {
          file.close();
          controller.close();
          return;
        }
        left -= n;
        controller.enqueue(buf.subarray(0, n));
        if (left <= 0) {
          file.close();
          controller.close();
        }
      } catch (e) {
        try {
          file.close();
        } catch { /* closed */ }
        controller.error(e);
      }
    },
    cancel() {
      try {
        file.close();
      } catch { /* closed */ }
    },
  });
}
