/**
 * Builds the offline base images (`denofn/base-*`) from files of this machine, `FROM scratch`,
 * so that templates build where no image registry is reachable.
 */
import { join } from "node:path";
import { imageExists, runDocker, streamDocker } from "../engine/cli.ts";
import { BASE_IMAGE_SPECS, type BaseImageSpec } from "./base_specs.ts";
import { RootFs } from "./rootfs.ts";

/** The outcome of building (or finding) one base image. */
export interface BaseImageResult {
  key: string;
  image: string;
  status: "built" | "present" | "failed";
  ms: number;
  sizeMb?: number;
  error?: string;
}

/** Options of {@link buildBaseImage}. */
export interface BaseImageOptions {
  /** Rebuild even when the image exists. */
  force?: boolean;
  /** Progress lines. */
  log?: (line: string) => void;
  signal?: AbortSignal;
}

/** Finds a base image spec by key (`python`) or image name (`denofn/base-python`). */
export function baseImageSpec(keyOrImage: string): BaseImageSpec | undefined {
  return BASE_IMAGE_SPECS.find((s) => s.key === keyOrImage || s.image === keyOrImage);
}

async function imageSizeMb(image: string): Promise<number | undefined> {
  const out = await new Deno.Command("docker", {
    args: ["image", "inspect", "--format", "{{.Size}}", image],
    stdout: "piped",
    stderr: "null",
  }).output();
  const bytes = Number(new TextDecoder().decode(out.stdout).trim());
  return Number.isFinite(bytes) && bytes > 0 ? Math.round(bytes / 1e5) / 10 : undefined;
}

/** Label holding what an image was made from (see `BaseImageSpec.fingerprint`). */
const FINGERPRINT = "denofn.fingerprint";

async function imageLabel(image: string, label: string): Promise<string> {
  const r = await runDocker([
    "image",
    "inspect",
    "--format",
    `{{index .Config.Labels "${label}"}}`,
    image,
  ]);
  return r.code === 0 ? r.stdout.trim() : "";
}

/** Whether the image was built from the spec's revision (specs without one: any image). */
async function currentRevision(spec: BaseImageSpec): Promise<boolean> {
  if (spec.revision === undefined) return true;
  const out = await new Deno.Command("docker", {
    args: [
      "image",
      "inspect",
      "--format",
      '{{index .Config.Labels "denofn.base.revision"}}',
      spec.image,
    ],
    stdout: "piped",
    stderr: "null",
  }).output();
  return new TextDecoder().decode(out.stdout).trim() === String(spec.revision);
}

/** Builds one base image unless it exists (or `force`). Never throws: see `status`/`error`. */
export async function buildBaseImage(
  spec: BaseImageSpec,
  opts: BaseImageOptions = {},
): Promise<BaseImageResult> {
  const log = opts.log ?? (() => {});
  const t0 = performance.now();
  const done = (r: Omit<BaseImageResult, "key" | "image" | "ms">): BaseImageResult => ({
    key: spec.key,
    image: spec.image,
    ms: Math.round(performance.now() - t0),
    ...r,
  });
  const fingerprint = await spec.fingerprint?.();
  if (!opts.force && await imageExists(spec.image) && await currentRevision(spec)) {
    if (fingerprint === undefined || await imageLabel(spec.image, FINGERPRINT) === fingerprint) {
      return done({ status: "present", sizeMb: await imageSizeMb(spec.image) });
    }
    log(`${spec.image}: made from other inputs than this checkout's, rebuilding`);
  }
  const dir = await Deno.makeTempDir({ prefix: `denofn-base-${spec.key}-` });
  try {
    log(`${spec.image}: collecting ${spec.describe}`);
    const fs = new RootFs(join(dir, "rootfs"));
    await fs.addSkeleton();
    const tail = await spec.assemble(fs, (l) => log(`${spec.image}: ${l}`));
    const dockerfile = ["FROM scratch", "COPY rootfs/ /", ...tail, `LABEL denofn.base=${spec.key}`];
    if (spec.revision !== undefined) dockerfile.push(`LABEL denofn.base.revision=${spec.revision}`);
    if (fingerprint !== undefined) dockerfile.push(`LABEL ${FINGERPRINT}=${fingerprint}`);
    await Deno.writeTextFile(join(dir, "Dockerfile"), dockerfile.join("\n") + "\n");
    log(`${spec.image}: ${fs.size} files collected, running docker build`);
    const r = await streamDocker(
      ["build", "--force-rm", "-t", spec.image, dir],
      (line) => {
        if (/^(Step \d+\/\d+|Successfully|Sending build context)/.test(line)) {
          log(`${spec.image}: ${line}`);
        }
      },
      { signal: opts.signal },
    );
    if (r.code !== 0) return done({ status: "failed", error: r.tail.slice(-8).join("\n") });
    return done({ status: "built", sizeMb: await imageSizeMb(spec.image) });
  } catch (e) {
    return done({ status: "failed", error: (e as Error).message });
  } finally {
    await Deno.remove(dir, { recursive: true }).catch(() => {});
  }
}

/**
 * Makes sure the named base images exist (keys or image names; all when omitted), building the
 * missing ones with progress.
 * @throws {Error} listing every image that failed to build.
 */
export async function ensureBaseImages(
  keys?: string[],
  opts: BaseImageOptions = {},
): Promise<BaseImageResult[]> {
  const specs = keys
    ? keys.map((k) => {
      const s = baseImageSpec(k);
      if (!s) {
        throw new Error(
          `Cannot build base image "${k}": unknown (known: ${
            BASE_IMAGE_SPECS.map((s) => s.key).join(", ")
          })`,
        );
      }
      return s;
    })
    : BASE_IMAGE_SPECS;
  const results: BaseImageResult[] = [];
  for (const spec of specs) results.push(await buildBaseImage(spec, opts));
  const failed = results.filter((r) => r.status === "failed");
  if (failed.length) {
    throw new Error(
      `Cannot build base images: ${failed.map((f) => `${f.image}: ${f.error}`).join("\n")}`,
    );
  }
  return results;
}
