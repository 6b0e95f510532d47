import { deepStrictEqual as assertEquals } from "node:assert/strict";
import { functionOtelEnv, tracingEnabled } from "./otel_env.ts";

Deno.test("functionOtelEnv() passes exporter settings, names the function, and keeps secrets", () => {
  const platform = {
    OTEL_DENO: "true",
    OTEL_SERVICE_NAME: "denofn",
    OTEL_EXPORTER_OTLP_ENDPOINT: "http://collector:4318",
    OTEL_EXPORTER_OTLP_PROTOCOL: "http/protobuf",
    OTEL_EXPORTER_OTLP_HEADERS: "authorization=Bearer secret",
    OTEL_EXPORTER_OTLP_TRACES_HEADERS: "x-key=secret",
    OTEL_EXPORTER_OTLP_CERTIFICATE: "/etc/ca.pem",
    OTEL_RESOURCE_ATTRIBUTES: "deployment.environment=prod",
    DENOFN_ADMIN_TOKEN: "not-otel",
  };
  assertEquals(functionOtelEnv("hello", platform), {
    OTEL_DENO: "true",
    OTEL_EXPORTER_OTLP_ENDPOINT: "http://collector:4318",
    OTEL_EXPORTER_OTLP_PROTOCOL: "http/protobuf",
    OTEL_SERVICE_NAME: "denofn-fn-hello",
    OTEL_RESOURCE_ATTRIBUTES: "deployment.environment=prod,faas.name=hello",
  });
  assertEquals(functionOtelEnv("hello", { ...platform, OTEL_DENO: "false" }), {});
  assertEquals(functionOtelEnv("hello", {}), {});
  assertEquals(
    [tracingEnabled({ OTEL_DENO: "1" }), tracingEnabled({ OTEL_DENO: "0" }), tracingEnabled({})],
    [true, false, false],
  );
});
