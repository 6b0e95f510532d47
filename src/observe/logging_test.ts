import { deepStrictEqual as assertEquals, ok as assert } from "node:assert/strict";
import { resetSync } from "@logtape/logtape";
import { consoleLogSink } from "./console_sink.ts";
import { configureLogging, literal, platformLogger, sayLine } from "./logging.ts";

function capture(format: "json" | "pretty") {
  const lines: { text: string; stream: string }[] = [];
  configureLogging(format, (text, stream) => lines.push({ text, stream }));
  return lines;
}

const line = { ts: 0, fn: "hello", instance: "hello-1", stream: "stdout" as const };

Deno.test("configureLogging('pretty') prints the lines as they always were", () => {
  try {
    const out = capture("pretty");
    sayLine("[registry] hello | built in 80 ms");
    sayLine("denofn ready at http://127.0.0.1:8000 (1 function)");
    consoleLogSink.write({ ...line, line: "hi {name}", requestId: "r-1" });
    consoleLogSink.write({ ...line, stream: "stderr", line: "oops" });
    platformLogger("gateway").error(literal("GET /fn/x → 502: crashed"), { requestId: "r-2" });
    assertEquals(out, [
      { text: "[registry] hello | built in 80 ms\n", stream: "stdout" },
      { text: "denofn ready at http://127.0.0.1:8000 (1 function)\n", stream: "stdout" },
      { text: "[fn hello-1 r-1] hi {name}\n", stream: "stdout" },
      { text: "[fn hello-1] oops\n", stream: "stderr" },
      { text: "[gateway] GET /fn/x → 502: crashed\n", stream: "stderr" },
    ]);
  } finally {
    resetSync();
  }
});

Deno.test("configureLogging('json') prints one object per line with request, function and instance", () => {
  try {
    const out = capture("json");
    sayLine("[registry] hello | built in 80 ms");
    consoleLogSink.write({ ...line, line: 'said {"a": 1}', requestId: "r-1" });
    platformLogger("gateway").error(literal("GET /fn/x → 502"), {
      requestId: "r-2",
      function: "x",
    });
    const records = out.map((l) => {
      assert(l.text.endsWith("\n") && !l.text.slice(0, -1).includes("\n"), l.text);
      return JSON.parse(l.text);
    });
    assertEquals(records.map((r) => [r.logger, r.level, r.message]), [
      ["denofn.registry", "INFO", "hello | built in 80 ms"],
      ["denofn.fn", "INFO", 'said {"a": 1}'],
      ["denofn.gateway", "ERROR", "GET /fn/x → 502"],
    ]);
    assertEquals(records[0].function, "hello");
    assertEquals(
      [records[1].function, records[1].instance, records[1].requestId, records[1].stream],
      ["hello", "hello-1", "r-1", "stdout"],
    );
    assertEquals([records[2].requestId, records[2].function], ["r-2", "x"]);
    assert(!Number.isNaN(Date.parse(records[0]["@timestamp"])));
  } finally {
    resetSync();
  }
});
