/**
 * What the bench needs from outside, found or installed into the bench-private
 * `test/bench/.deps/` (never a package.json that Deno reads), saying so each time.
 * @module
 */
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

/** Pinned versions of the npm tools the bench installs. */
export const PINNED = { workerd: "1.20261117.1", undici: "8.12.4" } as const;
/** Installed only for `--node`. */
export const PINNED_NODE = { "@google-cloud/functions-framework": "5.0.5" } as const;

/** The bench folder and its private dependency folder. */
export const BENCH_DIR = join(dirname(fileURLToPath(import.meta.url)), "..");
export const DEPS_DIR = join(BENCH_DIR, ".deps");
const BIN = join(DEPS_DIR, "node_modules", ".bin");

async function exists(path: string): Promise<boolean> {
  return await Deno.stat(path).then(() => true, () => false);
}

async function run(cmd: string, args: string[]): Promise<string> {
  const out = await new Deno.Command(cmd, { args, stdout: "piped", stderr: "piped" }).output();
  const text = new TextDecoder().decode(out.stdout) + new TextDecoder().decode(out.stderr);
  if (!out.success) throw new Error(`Cannot run ${cmd} ${args.join(" ")}:\n${text}`);
  return text;
}

/** Installs the pinned npm packages into .deps unless there; returns the workerd binary. */
export async function ensureNpmDeps(log: (s: string) => void): Promise<{ workerd: string }> {
  const workerd = join(BIN, "workerd");
  const undici = join(DEPS_DIR, "node_modules", "undici", "package.json");
  if (!(await exists(workerd)) || !(await exists(undici))) {
    const pkgs = Object.entries(PINNED).map(([n, v]) => `${n}@${v}`);
    log(`installing ${pkgs.join(", ")} into ${DEPS_DIR} (npm install --prefix)`);
    await Deno.mkdir(DEPS_DIR, { recursive: true });
    await run("npm", ["install", "--prefix", DEPS_DIR, "--no-audit", "--no-fund", ...pkgs]);
  }
  log(`workerd: ${(await run(workerd, ["--version"])).trim()} (${workerd})`);
  return { workerd };
}

/** Installs Node's functions-framework into .deps unless there; returns its entry script. */
export async function ensureNodeFramework(log: (s: string) => void): Promise<string> {
  const main = join(
    DEPS_DIR,
    "node_modules",
    "@google-cloud",
    "functions-framework",
    "build",
    "src",
    "main.js",
  );
  if (!(await exists(main))) {
    const pkgs = Object.entries(PINNED_NODE).map(([n, v]) => `${n}@${v}`);
    log(`installing ${pkgs.join(", ")} into ${DEPS_DIR} (npm install --prefix)`);
    await run("npm", ["install", "--prefix", DEPS_DIR, "--no-audit", "--no-fund", ...pkgs]);
  }
  log(
    `node: ${(await run("node", ["--version"])).trim()}, functions-framework ${
      PINNED_NODE["@google-cloud/functions-framework"]
    }`,
  );
  return main;
}

/** Finds wrk on PATH or fails saying how to get it. */
export async function findWrk(log: (s: string) => void): Promise<string> {
  const out = await new Deno.Command("wrk", { args: ["-v"], stdout: "piped", stderr: "piped" })
    .output().catch(() => null);
  const text = out
    ? new TextDecoder().decode(out.stdout) + new TextDecoder().decode(out.stderr)
    : "";
  if (!text.includes("wrk")) {
    throw new Error("Cannot find wrk: install it with `apt-get install -y wrk` (Debian package)");
  }
  log(`wrk: ${text.split("\n")[0].trim()}`);
  return "wrk";
}

/** Compiles the closed-loop latency client (latency/latency.c) into .deps when stale. */
export async function buildLatencyClient(log: (s: string) => void): Promise<string> {
  const src = join(BENCH_DIR, "latency", "latency.c");
  const bin = join(DEPS_DIR, "latency");
  const [s, b] = await Promise.all([Deno.stat(src), Deno.stat(bin).catch(() => null)]);
  if (!b || (b.mtime?.getTime() ?? 0) < (s.mtime?.getTime() ?? 0)) {
    log(`compiling the latency client: cc -O2 ${src}`);
    await Deno.mkdir(DEPS_DIR, { recursive: true });
    await run("cc", ["-O2", "-o", bin, src]);
  }
  return bin;
}
