/**
 * Enforces a function's `maxBodyBytes`: a declared `content-length` over the limit is refused up
 * front; a body of unknown length is counted as it streams and errors once over the limit.
 */
import { PayloadTooLarge } from "../errors/mod.ts";

/** The body to forward, and the error to answer with if it went over the limit. */
export interface LimitedBody {
  body: ReadableStream<Uint8Array> | null;
  /** The {@link PayloadTooLarge} error once the streamed body passed the limit. */
  overLimit(): PayloadTooLarge | undefined;
}

/** Wraps the request body in the limit. @throws {PayloadTooLarge} on a declared length. */
export function limitBody(req: Request, name: string, limit: number): LimitedBody {
  const declared = req.headers.get("content-length");
  if (declared !== null && Number(declared) > limit) throw new PayloadTooLarge(name, limit);
  if (!req.body || declared !== null) return { body: req.body, overLimit: () => undefined };
  let seen = 0;
  let error: PayloadTooLarge | undefined;
  const body = req.body.pipeThrough(
    new TransformStream<Uint8Array, Uint8Array>({
      transform(chunk, controller) {
        seen += chunk.byteLength;
        if (seen <= limit) return controller.enqueue(chunk);
        error = new PayloadTooLarge(name, limit);
        controller.error(error);
      },
    }),
  );
  return { body, overLimit: () => error };
}
