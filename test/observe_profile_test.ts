/**
 * The compose "observe" profile: its services and mounts are in place, the Prometheus config
 * parses (promtool) and scrapes the gateway target, and every metric the Grafana dashboard
 * queries is one the gateway exports. With Debian's `prometheus` package installed, a real
 * Prometheus scrapes a real gateway here; without it that step says it was skipped.
 */
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { parse } from "yaml";
import { parsePrometheusText } from "../src/observe/testing.ts";
import { assert, assertEquals } from "./helpers/assert.ts";
import { startTempPlatform } from "./helpers/temp_platform.ts";

const ROOT = fileURLToPath(new URL("..", import.meta.url));
const COMPOSE_DIR = join(ROOT, "src/observe/compose");
const exists = (p: string) => Deno.stat(p).then(() => true, () => false);
// deno-lint-ignore no-explicit-any
type Any = any;

async function has(binary: string): Promise<boolean> {
  return await new Deno.Command(binary, { args: ["--version"], stdout: "null", stderr: "null" })
    .output().then((o) => o.success, () => false);
}

Deno.test("the observe profile's files are mounted and the Prometheus config scrapes the gateway", async () => {
  const compose: Any = parse(await Deno.readTextFile(join(ROOT, "docker-compose.yml")));
  for (const name of ["prometheus", "grafana"]) {
    const service = compose.services[name];
    assertEquals(service.profiles, ["observe"], name);
    for (const volume of service.volumes as string[]) {
      const [source] = volume.split(":");
      if (source.startsWith("./")) assert(await exists(join(ROOT, source)), `${name}: ${source}`);
    }
  }
  assert("prometheus" in compose.volumes);

  const config: Any = parse(await Deno.readTextFile(join(COMPOSE_DIR, "prometheus.yml")));
  const [job] = config.scrape_configs;
  assertEquals(job.metrics_path, "/metrics");
  assertEquals(job.static_configs[0].targets, [
    `gateway:${compose.services.gateway.environment.PORT}`,
  ]);
  for (const rules of config.rule_files) assert(await exists(join(COMPOSE_DIR, rules)), rules);

  const grafana = join(COMPOSE_DIR, "grafana");
  const datasource: Any = parse(
    await Deno.readTextFile(join(grafana, "provisioning/datasources/prometheus.yml")),
  );
  assertEquals(datasource.datasources[0].url, "http://prometheus:9090");

  if (!(await has("promtool"))) {
    console.error("SKIPPED: promtool check config (apt-get install prometheus provides it)");
    return;
  }
  for (const args of [["check", "config", "prometheus.yml"], ["check", "rules", "rules.yml"]]) {
    const out = await new Deno.Command("promtool", {
      args,
      cwd: COMPOSE_DIR,
      stdout: "piped",
      stderr: "piped",
    })
      .output();
    assertEquals(
      out.code,
      0,
      new TextDecoder().decode(out.stdout) + new TextDecoder().decode(out.stderr),
    );
  }
});

Deno.test("the dashboard queries only metrics the gateway exports, and Prometheus scrapes them", async () => {
  const p = await startTempPlatform(["pid"]);
  try {
    await (await fetch(`${p.url}/fn/pid`)).body?.cancel();
    const text = await (await fetch(`${p.url}/metrics`)).text();
    const exported = new Set(parsePrometheusText(text).map((s) => s.name));
    const dashboard = JSON.parse(
      await Deno.readTextFile(join(COMPOSE_DIR, "grafana/dashboards/denofn.json")),
    );
    const queries: string[] = dashboard.panels.flatMap((panel: Any) =>
      (panel.targets ?? []).map((t: Any) => t.expr)
    );
    queries.push(dashboard.templating.list[0].definition);
    const used = new Set(
      queries.flatMap((q) => q.match(/\b(gateway|denofn|process|nodejs)_[a-z_]+/g) ?? []),
    );
    assert(used.size > 10, [...used].join(" "));
    for (const name of used) {
      assert(exported.has(name), `the dashboard queries ${name}, not exported`);
    }

    if (await has("promtool")) {
      const lint = new Deno.Command("promtool", {
        args: ["check", "metrics"],
        stdin: "piped",
        stdout: "piped",
        stderr: "piped",
      }).spawn();
      const writer = lint.stdin.getWriter();
      await writer.write(new TextEncoder().encode(text));
      await writer.close();
      const out = await lint.output();
      const said = new TextDecoder().decode(out.stdout) + new TextDecoder().decode(out.stderr);
      // 3 = naming advice only (OpenFaaS's own names, prom-client's defaults); 1 = does not parse.
      assert(out.code === 0 || out.code === 3, said);
      assert(!/error/i.test(said), said);
    }
    if (!(await has("prometheus"))) {
      console.error("SKIPPED: a real Prometheus scrape (apt-get install prometheus provides it)");
      return;
    }
    await scrapeWithPrometheus(p.url);
  } finally {
    await p.close();
  }
});

/** Runs Prometheus with the profile's config aimed at `gatewayUrl` and waits for a good scrape. */
async function scrapeWithPrometheus(gatewayUrl: string) {
  const dir = await Deno.makeTempDir({ prefix: "denofn-prom-" });
  const probe = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  const port = probe.addr.port;
  probe.close();
  const config = (await Deno.readTextFile(join(COMPOSE_DIR, "prometheus.yml")))
    .replace("gateway:8000", new URL(gatewayUrl).host)
    .replace("scrape_interval: 5s", "scrape_interval: 1s");
  await Deno.writeTextFile(join(dir, "prometheus.yml"), config);
  await Deno.copyFile(join(COMPOSE_DIR, "rules.yml"), join(dir, "rules.yml"));
  const child = new Deno.Command("prometheus", {
    args: [
      `--config.file=${join(dir, "prometheus.yml")}`,
      `--storage.tsdb.path=${join(dir, "data")}`,
      `--web.listen-address=127.0.0.1:${port}`,
    ],
    stdout: "null",
    stderr: "piped",
  }).spawn();
  const log = child.stderr.pipeThrough(new TextDecoderStream());
  let said = "";
  const reading = (async () => {
    for await (const chunk of log) said += chunk;
  })();
  try {
    const api = (path: string) =>
      fetch(`http://127.0.0.1:${port}/api/v1/${path}`).then((r) => r.json()).catch(() => undefined);
    let target: Any;
    let series: Any[] = [];
    for (let i = 0; i < 150 && !(target?.health === "up" && series.length); i++) {
      await new Promise((r) => setTimeout(r, 200));
      target = (await api("targets"))?.data?.activeTargets?.[0];
      series = (await api("query?query=gateway_function_invocation_total"))?.data?.result ?? [];
    }
    assertEquals(target?.health, "up", `${JSON.stringify(target)}\n${said.slice(-2000)}`);
    assertEquals(target.labels.job, "denofn-gateway");
    assert(series.some((s) => s.metric.function_name === "pid"), JSON.stringify(series));
    const rules = await api("rules");
    const names = rules.data.groups.flatMap((g: Any) => g.rules.map((r: Any) => r.name));
    assert(names.includes("APIHighInvocationRate"), names.join(", "));
  } finally {
    child.kill("SIGTERM");
    await child.status;
    await reading.catch(() => {});
    await Deno.remove(dir, { recursive: true });
  }
}
