import { assert, assertEquals, assertMatch } from "../../test/helpers/assert.ts";
import { ManifestError, parseManifest, refusedEnvReason, refusedGrantReason } from "./mod.ts";

const REFUSED = [
  "LD_PRELOAD",
  "LD_LIBRARY_PATH",
  "DENO_DIR",
  "DENO_V8_FLAGS",
  "DENO_CERT",
  "NODE_OPTIONS",
  "NODE_PATH",
  "PYTHONPATH",
  "PYTHONSTARTUP",
  "BASH_ENV",
  "ENV",
  "PATH",
  "HOME",
  "DENOFN_ADMIN_TOKEN",
  "GLIBC_TUNABLES",
  "OTEL_EXPORTER_OTLP_ENDPOINT",
  "OTEL_DENO",
  "HTTPS_PROXY",
  "http_proxy",
  "ld_preload",
];

Deno.test("refusedEnvReason() refuses every loader and platform family, ignoring case", () => {
  for (const name of REFUSED) assert(refusedEnvReason(name), name);
  for (const name of ["API_KEY", "GREETING", "ENVIRONMENT", "HOMEPAGE", "MY_PATH"]) {
    assertEquals(refusedEnvReason(name), undefined, name);
  }
});

Deno.test("parseManifest() names the refused env variable and says why", () => {
  try {
    parseManifest({ env: { LD_PRELOAD: "/tmp/x.so", GREETING: "hi" } });
    throw new Error("expected a ManifestError");
  } catch (e) {
    assert(e instanceof ManifestError);
    assertEquals(e.problems.length, 1);
    assertMatch(e.problems[0], /^env\.LD_PRELOAD: "LD_PRELOAD" refused \(LD_\*\): .*loader/);
  }
});

Deno.test("refusedGrantReason() refuses LD_*, DENO_*, DENOFN_* and proxy grants, not request ones", () => {
  for (const name of ["LD_PRELOAD", "DENO_DIR", "DENOFN_ADMIN_TOKEN", "HTTP_PROXY", "all_proxy"]) {
    assert(refusedGrantReason(name), name);
  }
  for (const name of ["DENOFN_METHOD", "DENOFN_REQUEST_ID", "NODE_ENV", "HOME", "API_KEY"]) {
    assertEquals(refusedGrantReason(name), undefined, name);
  }
});
