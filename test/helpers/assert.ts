/** Minimal assertions (the std assert module is on JSR, which this project does not use). */
import { deepStrictEqual, match, ok } from "node:assert/strict";

/** Asserts `value` is truthy. */
export function assert(value: unknown, message?: string): asserts value {
  ok(value, message);
}

/** Asserts deep equality. */
export function assertEquals<T>(actual: T, expected: T, message?: string): void {
  deepStrictEqual(actual, expected, message);
}

/** Asserts `text` matches `pattern`. */
export function assertMatch(text: string | undefined, pattern: RegExp, message?: string): void {
  match(text ?? "", pattern, message);
}

/** Asserts that `fn` rejects, and returns the error. */
export async function assertRejects(fn: () => Promise<unknown>): Promise<Error> {
  try {
    await fn();
  } catch (error) {
    return error as Error;
  }
  throw new Error("Expected a rejection");
}

/** Asserts that `fn` throws, and returns the error. */
export function assertThrows(fn: () => unknown, message?: string): Error {
  try {
    fn();
  } catch (error) {
    return error as Error;
  }
  throw new Error(message ? `Expected a throw: ${message}` : "Expected a throw");
}
