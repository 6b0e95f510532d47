/**
 * End to end: the real platform process (with the admin API, logs, history and metrics wired as
 * in src/main/main.ts) driven by the real `denofn` CLI process.
 */
import { deepStrictEqual as assertEquals, ok as assert } from "node:assert/strict";
import { join } from "node:path";
import { gzip, writeTar } from "../src/admin/tar/mod.ts";
import { parsePrometheusText, sampleValue } from "../src/observe/testing.ts";
import { CLI, CONFIG, runCli, startPlatformProcess } from "./helpers/platform_process.ts";
import { poll } from "./helpers/wait.ts";

const FAILS = `
export default (req: Request) => {
  const path = new URL(req.url).pathname;
  console.log("handling " + path);
  if (path === "/boom") {
    console.error("about to fail");
    throw new Error("boom on purpose");
  }
  return "ok " + path;
};
`;

function startPlatform(root: string) {
  return startPlatformProcess({
    DENOFN_REGISTRY_IN: join(root, "registry_in"),
    DENOFN_REGISTRY: join(root, "registry"),
    DENOFN_DATA: join(root, "data"),
  });
}

const cli = runCli;

Deno.test("the CLI deploys, invokes, and finds the history and logs of one failing call", async () => {
  const root = await Deno.makeTempDir({ prefix: "denofn_admin_e2e_" });
  const { child, url } = await startPlatform(root);
  try {
    const tokenFile = join(root, "data", "admin_token");
    assertEquals((await Deno.stat(tokenFile)).mode! & 0o777, 0o600);
    const auth = ["--url", url, "--token-file", tokenFile];

    const src = join(root, "src", "fails");
    await Deno.mkdir(src, { recursive: true });
    await Deno.writeTextFile(join(src, "index.ts"), FAILS);
    await Deno.writeTextFile(
      join(src, "registry.json"),
      JSON.stringify({ permissions: { env: ["TZ"] } }),
    );

    const denied = await cli(["ls", "--url", url, "--token", "wrong-token-123456"]);
    assertEquals(denied.code, 4, denied.stderr);
    assert(denied.stderr.includes("refused"), denied.stderr);
    assertEquals((await cli(["ls", "--url", url])).code, 4);

    const deployed = await cli(["deploy", src, ...auth, "--json"]);
    assertEquals(deployed.code, 0, deployed.stderr + deployed.stdout);
    const answer = deployed.json();
    assertEquals(answer.build.status, "ready");
    assertEquals(answer.permissions.kinds.env.granted, ["TZ"]);

    const listed = await cli(["ls", ...auth, "--json"]);
    assertEquals(listed.json().map((f: { name: string }) => f.name), ["fails"]);

    const good = await cli(["invoke", "fails", "--path", "/hi", ...auth, "--json"]);
    assertEquals(good.code, 0, good.stderr);
    assertEquals(good.json().body, "ok /hi");

    const bad = await cli(["invoke", "fails", "--path", "/boom", ...auth, "--json"]);
    assertEquals(bad.code, 6, bad.stderr);
    const failed = bad.json();
    assertEquals(failed.status, 500);
    const requestId = failed.requestId;
    assert(requestId);

    const record = await poll("history record", async () => {
      const r = await cli(["history", requestId, ...auth, "--json"]);
      return r.code === 0 ? r.json() : undefined;
    });
    assertEquals(record.fn, "fails");
    assertEquals(record.status, 500);
    assertEquals(record.path, "/boom");

    const lines = await poll("log lines of the failed call", async () => {
      const r = await cli(["logs", "fails", "--request", requestId, ...auth, "--json"]);
      const got = r.stdout.trim().split("\n").filter(Boolean).map((l) => JSON.parse(l));
      return got.some((l) => l.line.includes("about to fail")) ? got : undefined;
    });
    assert(lines.every((l: { requestId: string }) => l.requestId === requestId));
    assert(lines.some((l: { line: string }) => l.line === "handling /boom"));

    const listFailed = await cli([
      "history",
      "--function",
      "fails",
      "--status",
      "5xx",
      ...auth,
      "--json",
    ]);
    assertEquals(listFailed.json().map((r: { requestId: string }) => r.requestId), [requestId]);

    const metrics = await (await fetch(`${url}/metrics`)).text();
    const samples = parsePrometheusText(metrics);
    const fn = { function: "fails" };
    assertEquals(sampleValue(samples, "denofn_invocations_total", { ...fn, status: "200" }), 1);
    assertEquals(sampleValue(samples, "denofn_invocations_total", { ...fn, status: "500" }), 1);
    assertEquals(sampleValue(samples, "denofn_invocation_duration_seconds_count", fn), 2);
    assert(sampleValue(samples, "denofn_instances", fn) >= 1);
    const builds = { ...fn, result: "ok" };
    assertEquals(sampleValue(samples, "denofn_build_duration_seconds_count", builds), 1);

    // `logs -f` streams a line written after it started.
    const follow = new Deno.Command(Deno.execPath(), {
      args: ["run", "-A", "--config", CONFIG, CLI, "logs", "fails", "-f", "--limit", "1", ...auth],
      stdout: "piped",
      stderr: "piped",
    }).spawn();
    try {
      const err = follow.stderr.pipeThrough(new TextDecoderStream()).getReader();
      let errText = "";
      while (!errText.includes("following")) {
        const { value, done } = await err.read();
        if (done) throw new Error(`logs -f ended: ${errText}`);
        errText += value;
      }
      err.releaseLock();
      follow.stderr.cancel().catch(() => {});
      await (await fetch(`${url}/fn/fails/late`)).text();
      const out = follow.stdout.pipeThrough(new TextDecoderStream()).getReader();
      let outText = "";
      while (!outText.includes("handling /late")) {
        const { value, done } = await out.read();
        if (done) throw new Error(`logs -f ended: ${outText}`);
        outText += value;
      }
      out.releaseLock();
      follow.stdout.cancel().catch(() => {});
    } finally {
      follow.kill("SIGINT");
      await follow.status;
    }

    const missing = await cli(["describe", "nope", ...auth]);
    assertEquals(missing.code, 3, missing.stderr);
    const unreachable = await cli(["ls", "--url", "http://127.0.0.1:9", "--token", "x".repeat(20)]);
    assertEquals(unreachable.code, 2);
    assert(unreachable.stderr.includes("Cannot reach"), unreachable.stderr);
  } finally {
    child.kill("SIGTERM");
    await child.status;
    await Deno.remove(root, { recursive: true });
  }
});

Deno.test("a deploy with ../, an absolute path or a symlink out is refused over HTTP", async () => {
  const root = await Deno.makeTempDir({ prefix: "denofn_admin_e2e_" });
  const { child, url } = await startPlatform(root);
  try {
    const token = (await Deno.readTextFile(join(root, "data", "admin_token"))).trim();
    const evil = [
      [{ name: "index.ts", data: new TextEncoder().encode("export default () => 1") }, {
        name: "../escaped.ts",
        data: new Uint8Array(1),
      }],
      [{ name: join(root, "abs.ts"), data: new Uint8Array(1) }],
      [{ name: "out", type: "symlink" as const, linkname: "../../" }],
    ];
    for (const entries of evil) {
      const res = await fetch(`${url}/admin/functions/evil`, {
        method: "PUT",
        headers: { authorization: `Bearer ${token}`, "content-type": "application/gzip" },
        body: (await gzip(writeTar(entries))) as BodyInit,
      });
      assertEquals(res.status, 400);
      assertEquals((await res.json()).code, "bad_archive");
    }
    const noAuth = await fetch(`${url}/admin/functions`);
    assertEquals(noAuth.status, 401);
    await noAuth.body?.cancel();
    assertEquals([...Deno.readDirSync(join(root, "registry_in"))], []);
    const top = [...Deno.readDirSync(root)].map((e) => e.name).sort();
    assertEquals(top, ["data", "registry", "registry_in"]);
  } finally {
    child.kill("SIGTERM");
    await child.status;
    await Deno.remove(root, { recursive: true });
  }
});
