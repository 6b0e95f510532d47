/**
 * Reads a child's output stream line by line without ever blocking the child: lines are handed
 * to `onLine` as they arrive, and over-long lines are cut so a chatty function cannot exhaust
 * memory.
 */
const MAX_LINE = 16 * 1024;

/** Reads `stream` to its end, calling `onLine` for each line (without the newline). */
export async function readLines(
  stream: ReadableStream<Uint8Array>,
  onLine: (line: string) => void,
): Promise<void> {
  const decoder = new TextDecoder();
  let pending = "";
  try {
    for await (const chunk of stream) {
      pending += decoder.decode(chunk, { stream: true });
      let nl: number;
      while ((nl = pending.indexOf("\n")) >= 0) {
        onLine(pending.slice(0, nl).replace(/\r$/, "").slice(0, MAX_LINE));
        pending = pending.slice(nl + 1);
      }
      if (pending.length > MAX_LINE) {
        onLine(pending.slice(0, MAX_LINE) + " [line cut]");
        pending = "";
      }
    }
  } catch {
    // The stream errors when the child is killed mid-write; what was read is kept.
  }
  pending += decoder.decode();
  if (pending) onLine(pending);
}
