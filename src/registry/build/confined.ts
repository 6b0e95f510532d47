/**
 * The confined spawn of one Deno build: `deno run --unstable-bundle bundle_child.ts` with
 * - read access to the function folder, the author library and the build's dependency cache,
 *   and nothing else (Deno's permission checks cover every module the bundler loads);
 * - write access to the one staged output file;
 * - no network, environment, subprocess or FFI permission (npm packages and remote modules are
 *   fetched by Deno itself into the cache; remote imports only from Deno's default hosts);
 * - an environment that holds only Deno's cache location and the operator's TLS, proxy and npm
 *   registry settings, never the platform's own variables (admin token, secrets, config);
 * - no lock file and a configuration the platform wrote (see `function_config.ts`).
 */
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { resolveReal } from "../../manifest/mod.ts";

/** The program the child runs. */
export const BUNDLE_CHILD = fileURLToPath(new URL("./bundle_child.ts", import.meta.url));

/** Folder inside `outDir` of the builds' own Deno cache when the host has no cache folder. */
export const BUILD_CACHE_DIR = ".build_cache";

/**
 * The builds' own Deno cache (npm packages, remote modules), apart from the platform's:
 * `$XDG_CACHE_HOME/denofn/build` or `~/.cache/denofn/build`, shared by the platforms of one
 * user so that each does not download the same packages again; else `<outDir>/.build_cache`.
 */
export function buildCacheDir(outDir: string): string {
  try {
    const base = Deno.env.get("XDG_CACHE_HOME") ||
      (Deno.env.get("HOME") ? join(Deno.env.get("HOME")!, ".cache") : undefined);
    if (base) return join(base, "denofn", "build");
  } catch { /* no env access */ }
  return join(outDir, BUILD_CACHE_DIR);
}

/**
 * Variables of the platform's environment a build may see: how to trust the network's TLS,
 * which proxy to fetch through, which npm registry to use. Nothing else passes.
 */
export const BUILD_ENV_PASSTHROUGH: readonly string[] = [
  "DENO_CERT",
  "DENO_TLS_CA_STORE",
  "NODE_EXTRA_CA_CERTS",
  "SSL_CERT_FILE",
  "SSL_CERT_DIR",
  "HTTP_PROXY",
  "HTTPS_PROXY",
  "NO_PROXY",
  "http_proxy",
  "https_proxy",
  "no_proxy",
  "NPM_CONFIG_REGISTRY",
];

/** What {@link confinedBundle} needs. */
export interface ConfinedBundleSpec {
  /** The `deno` binary. */
  deno: string;
  sourceDir: string;
  microDir: string;
  /** The build's Deno cache (`DENO_DIR`), created when missing. */
  cacheDir: string;
  /** `--config=<file>` or `--no-config --import-map=<file>`: files the platform wrote. */
  config: string[];
  /** Absolute path of the entry module. */
  entry: string;
  /** The staged bundle file to write. */
  outFile: string;
  /** The platform's environment (default: `Deno.env.toObject()`). */
  env?: Record<string, string>;
}

/** A spawn of the build child: program, arguments and its complete environment. */
export interface ConfinedCommand {
  program: string;
  args: string[];
  env: Record<string, string>;
}

function realOrSelf(path: string): string {
  try {
    return resolveReal(path);
  } catch {
    return path;
  }
}

function allowList(flag: string, paths: string[]): string {
  const bad = paths.find((p) => p.includes(","));
  if (bad !== undefined) {
    throw new Error(
      `Cannot build: the path ${JSON.stringify(bad)} contains ",", which ${flag} cannot hold`,
    );
  }
  return `${flag}=${[...new Set(paths)].join(",")}`;
}

/** The environment of a build: Deno's own switches, the cache, and the allowed operator settings. */
export function buildEnv(
  cacheDir: string,
  platformEnv: Record<string, string>,
): Record<string, string> {
  const env: Record<string, string> = {
    DENO_DIR: cacheDir,
    DENO_NO_UPDATE_CHECK: "1",
    DENO_NO_PROMPT: "1",
    NO_COLOR: "1",
    RUST_BACKTRACE: "0",
  };
  for (const name of BUILD_ENV_PASSTHROUGH) {
    const value = platformEnv[name];
    if (value !== undefined && value !== "") env[name] = value;
  }
  return env;
}

/**
 * The command that bundles `entry` into `outFile` under the build's confinement. Both the path
 * as given and the real path of each granted folder are granted (Deno compares paths as
 * written; the bundler may name a module by either).
 * @throws {Error} when a granted path contains a comma.
 */
export function confinedBundle(spec: ConfinedBundleSpec): ConfinedCommand {
  const readable = [spec.sourceDir, spec.microDir, spec.cacheDir].flatMap((
    p,
  ) => [p, realOrSelf(p)]);
  return {
    program: spec.deno,
    args: [
      "run",
      "--no-lock",
      ...spec.config,
      "--node-modules-dir=none",
      "--unstable-bundle",
      "--no-prompt",
      allowList("--allow-read", [...readable, BUNDLE_CHILD]),
      allowList("--allow-write", [spec.outFile]),
      BUNDLE_CHILD,
      spec.entry,
      spec.outFile,
    ],
    env: buildEnv(spec.cacheDir, spec.env ?? Deno.env.toObject()),
  };
}

/** Starts the build child (creating the cache folder first); its output is piped. */
export async function spawnConfinedBundle(
  spec: ConfinedBundleSpec,
  io: { cwd: string; signal: AbortSignal },
): Promise<Deno.ChildProcess> {
  await Deno.mkdir(spec.cacheDir, { recursive: true, mode: 0o700 });
  const command = confinedBundle(spec);
  return new Deno.Command(command.program, {
    args: command.args,
    cwd: io.cwd,
    clearEnv: true,
    env: command.env,
    stdin: "null",
    stdout: "piped",
    stderr: "piped",
    signal: io.signal,
  }).spawn();
}
