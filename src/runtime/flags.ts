/**
 * Derives the `deno run` permission flags of a function from its manifest, and nothing more:
 * no flag means no access. Paths in the manifest are relative to the function folder.
 */
import { resolve } from "node:path";
import type { Manifest } from "../manifest/mod.ts";

/** Platform-owned paths an instance needs on top of what the manifest grants. */
export interface InstancePaths {
  /** Absolute path of the function folder (the child's working directory). */
  sourceDir: string;
  /** Absolute path of the bundle the runner imports (read access). */
  bundle: string;
  /** Unix socket the runner listens on (read, write and `unix:` net access), for HTTP mode. */
  socket?: string;
}

function list(flag: string, values: string[]): string[] {
  return values.length ? [`--${flag}=${values.join(",")}`] : [];
}

/**
 * The permission flags for one instance. HTTP mode may listen only on its own socket and reach
 * only the declared hosts; stdin mode gets no network at all.
 * @example
 * permissionFlags(manifest, { sourceDir: "/fns/hello", bundle: "/reg/hello.js", socket: "/tmp/s" })
 * // ["--no-prompt", "--allow-read=/reg/hello.js,/tmp/s", "--allow-write=/tmp/s", "--allow-net=unix:/tmp/s", ...]
 */
export function permissionFlags(manifest: Manifest, paths: InstancePaths): string[] {
  const p = manifest.permissions;
  const inFolder = (rel: string) => resolve(paths.sourceDir, rel);
  const socket = manifest.mode === "http" && paths.socket ? [paths.socket] : [];
  const net = manifest.mode === "http"
    ? (p.net.includes("*") ? ["*"] : [...socket.map((s) => `unix:${s}`), ...p.net])
    : [];
  return [
    "--no-prompt",
    ...list("allow-read", [paths.bundle, ...socket, ...p.read.map(inFolder)]),
    ...list("allow-write", [...socket, ...p.write.map(inFolder)]),
    ...(net.includes("*") ? ["--allow-net"] : list("allow-net", net)),
    ...list("allow-env", p.env),
    ...list("allow-run", p.run),
    ...list("allow-ffi", p.ffi.map(inFolder)),
    ...list("allow-sys", p.sys),
    `--v8-flags=--max-old-space-size=${manifest.memoryMb}`,
  ];
}
