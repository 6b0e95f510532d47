/**
 * Builds container functions: a temp dir gets the runtime template, then the function's files on
 * top, then `docker build` tags it `denofn-<name>:<hash>`, streaming the build log with progress.
 * Images carry `denofn.owner=<owner>` and the owner enters the hash, so two platforms on one
 * engine never share (or remove) each other's images.
 */
import { join } from "node:path";
import type { BuildContext, Builder, BuildOutput } from "../../registry/build/builder.ts";
import { imageExists, streamDocker } from "../engine/cli.ts";
import { type BaseImageMode, baseImageModeFromEnv, chooseBaseImage } from "./base_choice.ts";
import { copyTree, hashTree, sha256 } from "./copy_tree.ts";
import { loadTemplate, type Template } from "./template.ts";
import { functionSettings, templateEntry } from "./function_files.ts";
import { installNpmDependencies } from "./npm_install.ts";
import { type PipSources, preparePip } from "./pip_prepare.ts";

/** Options of {@link TemplateBuilder} and {@link createTemplateBuilders}. */
export interface TemplateBuilderOptions {
  /** How to pick base images; default from `DENOFN_BASE_IMAGES`, else `auto`. */
  baseImages?: BaseImageMode;
  /** Reads variables such as `DENOFN_BASE_IMAGE_PYTHON` (default `Deno.env.get`). */
  env?: (name: string) => string | undefined;
  /** Lines of the build log kept for the error message of a failed build (default 20). */
  tailLines?: number;
  /** Value of the `denofn.owner` label (also part of the tag's hash), so clean-up stays scoped. */
  owner?: string;
  /** Where pip installs `requirements.txt` from (templates with `"dependencies": "pip"`). */
  pip?: PipSources;
}

/** The image tag of a function: `denofn-<name>:<first 12 hex of the combined hash>`. */
export async function imageTag(name: string, ...hashes: string[]): Promise<string> {
  const h = await sha256(new TextEncoder().encode(hashes.join("\0")));
  return `denofn-${name}:${h.slice(0, 12)}`;
}

/** Builds functions whose `runtime` is one template folder. */
export class TemplateBuilder implements Builder {
  readonly runtime: string;
  readonly dir: string;
  readonly #opts: TemplateBuilderOptions;

  constructor(templateDir: string, runtime: string, opts: TemplateBuilderOptions = {}) {
    this.dir = templateDir;
    this.runtime = runtime;
    this.#opts = opts;
  }

  /** `.denofn/function.json`, `.denofn/deps/`, and installed dependencies. */
  async #addFunctionFiles(t: Template, ctx: BuildContext, dir: string, entry: string) {
    const own = join(dir, ".denofn");
    await Deno.remove(own, { recursive: true }).catch(() => {});
    await Deno.mkdir(join(own, "deps"), { recursive: true });
    const settings = functionSettings(ctx.name, entry, ctx.manifest);
    await Deno.writeTextFile(join(own, "function.json"), JSON.stringify(settings, null, 2));
    if (t.dependencies === "npm") {
      await installNpmDependencies(ctx.sourceDir, dir, ctx.log, ctx.signal);
    }
    if (t.dependencies === "pip") {
      await preparePip(ctx.sourceDir, join(own, "deps"), this.#opts.pip ?? {}, ctx.log);
    }
  }

  /** Builds (or reuses) the image of one function. Throws with the build log's tail on failure. */
  async build(ctx: BuildContext): Promise<BuildOutput> {
    const env = this.#opts.env ?? ((n: string) => Deno.env.get(n));
    const t = await loadTemplate(this.dir, this.runtime);
    let entry: string;
    try {
      entry = await templateEntry(t, ctx.sourceDir, ctx.manifest);
    } catch (e) {
      throw new Error(`Cannot build "${ctx.name}": ${(e as Error).message}`);
    }
    const mode = this.#opts.baseImages ?? baseImageModeFromEnv(env);
    const base = await chooseBaseImage(t, mode, env, ctx.log);
    const owner = this.#opts.owner;
    const image = await imageTag(
      ctx.name,
      ctx.hash,
      await hashTree(t.dir),
      base,
      ...(owner ? [owner] : []),
    );
    if (await imageExists(image)) {
      ctx.log(`image ${image} is up to date (base ${base})`);
      return { image };
    }
    const dir = await Deno.makeTempDir({ prefix: `denofn-build-${ctx.name}-` });
    try {
      await copyTree(t.dir, dir);
      await copyTree(ctx.sourceDir, dir, (n) => n === ".git");
      await this.#addFunctionFiles(t, ctx, dir, entry);
      ctx.log(`building ${image} from template ${t.name} on ${base}`);
      const t0 = performance.now();
      const tail: string[] = [];
      const r = await streamDocker(
        [
          "build",
          "--force-rm",
          "--build-arg",
          `BASE_IMAGE=${base}`,
          "--label",
          "denofn.platform=1",
          "--label",
          `denofn.function=${ctx.name}`,
          ...(owner ? ["--label", `denofn.owner=${owner}`] : []),
          "-t",
          image,
          dir,
        ],
        (line) => {
          if (NOISE.test(line)) return;
          tail.push(line);
          if (tail.length > (this.#opts.tailLines ?? 20)) tail.shift();
          ctx.log(progressLine(line));
        },
        { signal: ctx.signal },
      );
      if (r.code !== 0) {
        throw new Error(
          `Cannot build image for "${ctx.name}" (docker build exited ${r.code}):\n${
            tail.join("\n")
          }`,
        );
      }
      ctx.log(`built ${image} in ${Math.round(performance.now() - t0)} ms`);
      return { image };
    } finally {
      await Deno.remove(dir, { recursive: true }).catch(() => {});
    }
  }
}

/** Build-log lines that say nothing to a function's author (layer ids, the legacy-builder banner). */
const NOISE =
  /^(\s*---> |Removing intermediate container|DEPRECATED: The legacy builder|\s+Install the buildx|\s+https:\/\/docs\.docker\.com\/go\/buildx)/;

/** Marks docker's `Step i/n` lines as progress, e.g. `[3/7] RUN ...`. */
function progressLine(line: string): string {
  const m = line.match(/^Step (\d+)\/(\d+) : (.*)$/);
  return m ? `[${m[1]}/${m[2]}] ${m[3]}` : line;
}

/**
 * One builder per template folder under `templatesDir` (folders with a `template.json`; `deno`
 * is left out because that runtime is the subprocess bundler's).
 */
export function createTemplateBuilders(
  templatesDir: string,
  opts: TemplateBuilderOptions = {},
): Record<string, Builder> {
  const out: Record<string, Builder> = {};
  for (const e of Deno.readDirSync(templatesDir)) {
    if (!e.isDirectory || e.name === "deno") continue;
    const dir = join(templatesDir, e.name);
    try {
      Deno.statSync(join(dir, "template.json"));
    } catch {
      continue;
    }
    out[e.name] = new TemplateBuilder(dir, e.name, opts);
  }
  return out;
}
