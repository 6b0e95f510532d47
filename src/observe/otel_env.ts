/**
 * The OpenTelemetry settings a function's process or container gets when the platform runs with
 * tracing on (`OTEL_DENO=true`): the platform's exporter settings, its own service name
 * `denofn-fn-<name>`, and the platform's resource attributes plus `faas.name`. Exporter
 * credentials (`*_HEADERS`, certificates, client keys) stay with the platform: a function could
 * read them.
 */

/** Whether `env` turns Deno's built-in OpenTelemetry on (`OTEL_DENO=true` or `1`). */
export function tracingEnabled(env: { OTEL_DENO?: string }): boolean {
  return env.OTEL_DENO === "true" || env.OTEL_DENO === "1";
}

const SECRET = /HEADERS|CERTIFICATE|CLIENT_KEY/;
const OWN = new Set(["OTEL_SERVICE_NAME", "OTEL_RESOURCE_ATTRIBUTES"]);

let fromProcess: Record<string, string> | undefined;

function processOtel(): Record<string, string> {
  if (fromProcess) return fromProcess;
  try {
    fromProcess = Object.fromEntries(
      Object.entries(Deno.env.toObject()).filter(([k]) => k.startsWith("OTEL_")),
    );
  } catch {
    fromProcess = {}; // no env permission: no tracing settings to pass
  }
  return fromProcess;
}

/**
 * The `OTEL_*` variables for the instances of function `fn`; empty when tracing is off in `env`
 * (default: the platform's own environment).
 * @example functionOtelEnv("hello", { OTEL_DENO: "true", OTEL_EXPORTER_OTLP_ENDPOINT: "http://c:4318" })
 *   // { OTEL_DENO: "true", OTEL_EXPORTER_OTLP_ENDPOINT: "http://c:4318",
 *   //   OTEL_SERVICE_NAME: "denofn-fn-hello", OTEL_RESOURCE_ATTRIBUTES: "faas.name=hello" }
 */
export function functionOtelEnv(
  fn: string,
  env: Record<string, string | undefined> = processOtel(),
): Record<string, string> {
  if (!tracingEnabled(env)) return {};
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(env)) {
    if (k.startsWith("OTEL_") && v !== undefined && !OWN.has(k) && !SECRET.test(k)) out[k] = v;
  }
  out.OTEL_SERVICE_NAME = `denofn-fn-${fn}`;
  const attrs = env.OTEL_RESOURCE_ATTRIBUTES?.trim();
  out.OTEL_RESOURCE_ATTRIBUTES = `${attrs ? `${attrs},` : ""}faas.name=${fn}`;
  return out;
}
