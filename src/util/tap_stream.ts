/**
 * Passes a byte stream through unchanged, showing each chunk to `onChunk` and calling `onEnd`
 * exactly once when it ends, errors or is cancelled. Pull-based, so nothing is read ahead.
 */
export function tapStream(
  body: ReadableStream<Uint8Array>,
  hooks: { onChunk?: (chunk: Uint8Array) => void; onEnd: () => void },
): ReadableStream<Uint8Array> {
  const reader = body.getReader();
  let ended = false;
  const end = () => {
    if (ended) return;
    ended = true;
    hooks.onEnd();
  };
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      try {
        const { done, value } = await reader.read();
        if (done) {
          end();
          controller.close();
          return;
        }
        hooks.onChunk?.(value);
        controller.enqueue(value);
      } catch (error) {
        end();
        controller.error(error);
      }
    },
    cancel(reason) {
      end();
      return reader.cancel(reason);
    },
  }, { highWaterMark: 0 });
}
