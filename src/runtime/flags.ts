/**
 * Derives the `deno run` permission flags of a function from its manifest, and nothing more:
 * no flag means no access. Paths in the manifest are relative to the function folder.
 *
 * Flags are made from checked values only: every manifest value passes its per-kind check again
 * (a record could come from an older platform), every path grant is resolved on disk and must
 * stay inside the function folder, granted folders may hold no symlink that leads out (one can
 * be added after the build), and no value may carry the `,` Deno splits lists on.
 */
import { resolve } from "node:path";
import {
  confineGrants,
  type Manifest,
  ManifestError,
  VALUE_CHECKS,
  writeGrantProblems,
} from "../manifest/mod.ts";

/** Platform-owned paths an instance needs on top of what the manifest grants. */
export interface InstancePaths {
  /** Absolute path of the function folder (the child's working directory). */
  sourceDir: string;
  /** Absolute path of the bundle the runner imports (read access). */
  bundle: string;
  /** Unix socket the runner listens on (read, write and `unix:` net access), for HTTP mode. */
  socket?: string;
  /** The function's own store socket, granted like `socket` when it has `permissions.store`. */
  storeSocket?: string;
}

/**
 * Host name the store client puts in its URLs (the request goes to the store socket): under
 * `.invalid`, which never resolves, so granting it reaches nothing else.
 */
export const STORE_HOST = "store.denofn.invalid";

/** Variables that tell a store-permitted function its store socket and token. */
export const STORE_ENV = ["DENOFN_STORE_URL", "DENOFN_STORE_TOKEN"] as const;

/** Longest permission flag passed to a child (the kernel refuses one string over 128 KiB). */
export const MAX_FLAG_LENGTH = 120 * 1024;

function list(flag: string, values: string[]): string[] {
  if (!values.length) return [];
  // deno-lint-ignore no-control-regex
  const bad = values.find((v) => v.includes(",") || /[\x00-\x1f\x7f]/.test(v));
  if (bad !== undefined) {
    throw new Error(
      `Cannot pass ${JSON.stringify(bad)} in --${flag}: it contains "," or a control character`,
    );
  }
  const text = `--${flag}=${values.join(",")}`;
  if (text.length > MAX_FLAG_LENGTH) {
    throw new Error(`Cannot pass --${flag}: ${text.length} characters, over ${MAX_FLAG_LENGTH}`);
  }
  return [text];
}

/** Re-checks every manifest value and every path grant on disk. @throws {ManifestError} */
function checkGrants(manifest: Manifest, sourceDir: string): void {
  const problems: string[] = [];
  for (const [kind, values] of Object.entries(manifest.permissions)) {
    if (kind === "store") continue; // collections, checked by the store on each request
    (values as string[]).forEach((value, i) => {
      for (const p of VALUE_CHECKS[kind]?.(value) ?? ["is not a known permission kind"]) {
        problems.push(`permissions.${kind}[${i}]: ${JSON.stringify(value)} ${p}`);
      }
    });
  }
  for (const { index, message } of writeGrantProblems(manifest.permissions.write, manifest.entry)) {
    problems.push(`permissions.write[${index}]: ${message}`);
  }
  problems.push(...confineGrants(manifest, sourceDir, { walk: true }));
  if (problems.length) throw new ManifestError(problems);
}

/**
 * The permission flags for one instance. HTTP mode may listen only on its own socket and reach
 * only the declared hosts; stdin mode gets no network at all.
 * @throws {ManifestError} when a grant fails its check (e.g. a symlink now leads out).
 * @example
 * permissionFlags(manifest, { sourceDir: "/fns/hello", bundle: "/reg/hello.js", socket: "/tmp/s" })
 * // ["--no-prompt", "--allow-read=/reg/hello.js,/tmp/s", "--allow-write=/tmp/s", "--allow-net=unix:/tmp/s", ...]
 */
export function permissionFlags(manifest: Manifest, paths: InstancePaths): string[] {
  checkGrants(manifest, paths.sourceDir);
  const p = manifest.permissions;
  const inFolder = (rel: string) => resolve(paths.sourceDir, rel);
  const store = manifest.mode === "http" && paths.storeSocket && p.store?.length
    ? [paths.storeSocket]
    : [];
  const socket = [...(manifest.mode === "http" && paths.socket ? [paths.socket] : []), ...store];
  const storeNet = store.length ? [`${STORE_HOST}:80`] : [];
  const net = manifest.mode === "http"
    ? (p.net.includes("*") ? ["*"] : [...socket.map((s) => `unix:${s}`), ...storeNet, ...p.net])
    : [];
  return [
    "--no-prompt",
    ...list("allow-read", [paths.bundle, ...socket, ...p.read.map(inFolder)]),
    ...list("allow-write", [...socket, ...p.write.map(inFolder)]),
    ...(net.includes("*") ? ["--allow-net"] : list("allow-net", net)),
    // The manifest's own `env` is the function's to read (it holds nothing else).
    ...list("allow-env", [
      ...new Set([...p.env, ...Object.keys(manifest.env), ...(store.length ? STORE_ENV : [])]),
    ]),
    ...list("allow-run", p.run),
    ...list("allow-ffi", p.ffi.map(inFolder)),
    ...list("allow-sys", p.sys),
    `--v8-flags=--max-old-space-size=${manifest.memoryMb}`,
  ];
}
