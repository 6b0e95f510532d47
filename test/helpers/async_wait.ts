/** Test helpers for async jobs: poll `GET /async/<id>` until it is finished, a bounded wait. */

/** The finished answer of a job. */
export interface Finished {
  status: number;
  state: string;
  headers: Headers;
  text: string;
}

/** Polls `GET /async/<id>` every 50 ms until it stops answering 202-pending, or `timeoutMs`. */
export async function waitForJob(base: string, id: string, timeoutMs = 20_000): Promise<Finished> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const res = await fetch(`${base}/async/${id}`);
    const state = res.headers.get("x-denofn-async-state") ?? "";
    const text = await res.text();
    if (state === "done" || state === "dead" || res.status === 404) {
      return { status: res.status, state, headers: res.headers, text };
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`Job ${id} did not finish within ${timeoutMs} ms`);
}

/** POSTs to `/async/fn/<path>` and returns the job id (asserting a 202). */
export async function enqueue(
  base: string,
  path: string,
  init: RequestInit = {},
): Promise<string> {
  const res = await fetch(`${base}/async/fn/${path}`, { method: "POST", ...init });
  const body = await res.json();
  if (res.status !== 202) throw new Error(`enqueue ${path}: ${res.status} ${JSON.stringify(body)}`);
  return body.id;
}

/** Waits until `check` holds (polling every 25 ms), at most `timeoutMs`. */
export async function until(check: () => boolean | Promise<boolean>, timeoutMs = 10_000) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 25));
  }
  throw new Error(`Condition not met within ${timeoutMs} ms`);
}
