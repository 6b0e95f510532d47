/**
 * Enforces a function's `maxBodyBytes`: a declared `content-length` over the limit is refused up
 * front; a body of unknown length is counted as it streams and errors once over the limit.
 */
import { PayloadTooLarge } from "../errors/mod.ts";

/** Returns the body to forward, or throws {@link PayloadTooLarge}. */
export function limitBody(
  req: Request,
  name: string,
  limit: number,
): ReadableStream<Uint8Array> | null {
  const declared = req.headers.get("content-length");
  if (declared !== null && Number(declared) > limit) throw new PayloadTooLarge(name, limit);
  if (!req.body || declared !== null) return req.body;
  let seen = 0;
  return req.body.pipeThrough(
    new TransformStream<Uint8Array, Uint8Array>({
      transform(chunk, controller) {
        seen += chunk.byteLength;
        if (seen > limit) controller.error(new PayloadTooLarge(name, limit));
        else controller.enqueue(chunk);
      },
    }),
  );
}
