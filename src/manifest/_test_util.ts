/** Helpers shared by the manifest's tests. */
import { assert } from "../../test/helpers/assert.ts";
import { ManifestError } from "./mod.ts";

/** The message of the ManifestError `parse()` throws (it must throw one). */
export function manifestProblems(parse: () => unknown): string {
  try {
    parse();
  } catch (e) {
    assert(e instanceof ManifestError);
    return e.message;
  }
  throw new Error("expected a ManifestError");
}
