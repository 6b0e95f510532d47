/**
 * Helpers for tests against the real Docker engine: a guard that fails loudly when Docker is
 * absent (or skips loudly with `DENOFN_SKIP_DOCKER_TESTS=1`), and a sandbox with its own network,
 * owner label and function-name prefix that removes everything it made.
 */
import { fileURLToPath } from "node:url";
import type { FunctionRecord } from "../manifest/record.ts";
import type { FunctionLogLine } from "../observe/types.ts";
import { type Manifest, parseManifestText } from "../manifest/mod.ts";
import { dockerStatus } from "./engine/cli.ts";
import { ensureBaseImages } from "./images/base_images.ts";
import { createTemplateBuilders } from "./images/template_builder.ts";
import { ContainerStarter } from "./containers/container_starter.ts";
import {
  removeFunctionImages,
  removeLeftoverContainers,
  removeNetwork,
} from "./containers/housekeeping.ts";
import type { Builder } from "../registry/build/builder.ts";
import type { Instance, StartOptions } from "../runtime/types.ts";

/** The repository's `templates/` folder. */
export const TEMPLATES_DIR: string = fileURLToPath(new URL("../../templates", import.meta.url));

const status = await dockerStatus();
const skip = Deno.env.get("DENOFN_SKIP_DOCKER_TESTS") === "1";

/**
 * Registers a test that needs Docker. Without an engine it FAILS saying how to start one, unless
 * `DENOFN_SKIP_DOCKER_TESTS=1`, which skips it and says so on stderr.
 */
export function dockerTest(name: string, fn: () => Promise<void>): void {
  if (status.ok) {
    Deno.test({ name, fn, sanitizeResources: true, sanitizeOps: true });
  } else if (skip) {
    console.error(`SKIPPED (DENOFN_SKIP_DOCKER_TESTS=1, ${status.reason}): ${name}`);
    Deno.test({ name: `[SKIPPED: no Docker] ${name}`, ignore: true, fn });
  } else {
    Deno.test(name, () => {
      throw new Error(
        `Docker is needed for this test: ${status.reason}. ` +
          "To skip the Docker tests on purpose, set DENOFN_SKIP_DOCKER_TESTS=1.",
      );
    });
  }
}

/** A test's own corner of the engine: everything it creates is removed by `dispose()`. */
export class DockerSandbox {
  readonly tag = crypto.randomUUID().slice(0, 8);
  readonly owner = `test-${this.tag}`;
  readonly network = `denofn-test-${this.tag}`;
  readonly starter: ContainerStarter;
  readonly builders: Record<string, Builder>;
  readonly logs: FunctionLogLine[] = [];
  readonly #names = new Set<string>();

  constructor() {
    this.starter = new ContainerStarter({
      templatesDir: TEMPLATES_DIR,
      network: this.network,
      owner: this.owner,
    });
    this.builders = createTemplateBuilders(TEMPLATES_DIR, {
      baseImages: "local",
      owner: this.owner,
    });
  }

  /** A function name unique to this sandbox. */
  fnName(base: string): string {
    const name = `t${this.tag}-${base}`;
    this.#names.add(name);
    return name;
  }

  /** Builds `sourceDir` (its `registry.json` decides the runtime) and returns a ready record. */
  async build(base: string, sourceDir: string, log: (l: string) => void = () => {}) {
    const name = this.fnName(base);
    const text = await Deno.readTextFile(`${sourceDir}/registry.json`).catch(() => "{}");
    const manifest: Manifest = parseManifestText(text);
    const builder = this.builders[manifest.runtime];
    if (!builder) throw new Error(`no template builder for runtime "${manifest.runtime}"`);
    const out = await builder.build({
      name,
      sourceDir,
      outDir: sourceDir,
      hash: this.tag,
      manifest,
      log,
      signal: AbortSignal.timeout(300_000),
    });
    const record: FunctionRecord = {
      name,
      status: "ready",
      hash: this.tag,
      runtime: manifest.runtime,
      builtAt: new Date().toISOString(),
      buildMs: 0,
      sourceDir,
      image: out.image,
      manifest,
    };
    return record;
  }

  /** Start options collecting logs into {@link logs}. */
  startOptions(readyTimeoutMs = 15_000): StartOptions {
    return {
      signal: AbortSignal.timeout(readyTimeoutMs + 5_000),
      readyTimeoutMs,
      logs: { write: (l) => this.logs.push(l) },
    };
  }

  /** Starts an instance of a record. */
  start(record: FunctionRecord, id = `${record.name}-1`): Promise<Instance> {
    return this.starter.start(record, id, this.startOptions());
  }

  /** Removes the sandbox's containers, network and images (only its own owner's). */
  async dispose(): Promise<void> {
    await removeLeftoverContainers(this.owner);
    await removeNetwork(this.network, this.owner);
    for (const name of this.#names) await removeFunctionImages(name, this.owner);
  }

  async [Symbol.asyncDispose](): Promise<void> {
    await this.dispose();
  }
}

/** Builds the offline base images the templates need (once; cached by the engine). */
export async function ensureTestBaseImages(keys = ["busybox", "deno", "node", "python"]) {
  await ensureBaseImages(keys, { log: (l) => console.error(`[base images] ${l}`) });
}
