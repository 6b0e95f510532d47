/** Bounded waits for tests: poll a condition or a value until it holds, or fail naming it. */

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Waits until `check` holds (polling every 50 ms), at most `ms`; the error names `what`. */
export async function until(
  what: string,
  check: () => boolean | Promise<boolean>,
  ms = 10_000,
): Promise<void> {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    if (await check()) return;
    await sleep(50);
  }
  throw new Error(`Timed out after ${ms} ms waiting until ${what}`);
}

/** Polls `f` (every 100 ms) until it gives a value other than `undefined`, at most `ms`. */
export async function poll<T>(
  what: string,
  f: () => Promise<T | undefined>,
  ms = 10_000,
): Promise<T> {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    const value = await f();
    if (value !== undefined) return value;
    await sleep(100);
  }
  throw new Error(`Timed out after ${ms} ms waiting for ${what}`);
}
