/**
 * `PUT /functions/:name`: unpack a `.tar.gz` (or multipart files) safely, build, report. A
 * deployer deploys its own functions, and a new name becomes its own (undone if the first build
 * fails).
 */
import type { Hono } from "hono";
import { PayloadTooLarge } from "../errors/mod.ts";
import type { AdminDeps, DeployLocks } from "./deps.ts";
import { BadArchive, Conflict, UnsupportedMediaType } from "./errors.ts";
import { formEntries, installFunction } from "./install.ts";
import { diffPermissions } from "./permission_diff.ts";
import { TarError, untarGz } from "./tar/mod.ts";
import { deployQuerySchema, nameSchema, parseInput } from "./validate.ts";
import { requireManageOrClaim } from "./access.ts";

const GZIP_TYPES = ["application/gzip", "application/x-gzip", "application/x-tar+gzip"];

/** A copy of `body` that errors with 413 past `max` bytes. */
function limited(body: ReadableStream<Uint8Array>, max: number, name: string) {
  let seen = 0;
  return body.pipeThrough(
    new TransformStream<Uint8Array, Uint8Array>({
      transform(chunk, controller) {
        seen += chunk.length;
        if (seen > max) controller.error(new PayloadTooLarge(name, max));
        else controller.enqueue(chunk);
      },
    }),
  );
}

/** Mounts the deploy route. */
export function mountDeployRoute(app: Hono, deps: AdminDeps, locks: DeployLocks): void {
  const maxUpload = deps.limits?.maxUploadBytes ?? 20 * 1024 * 1024;
  app.put("/functions/:name", async (c) => {
    const name = parseInput(nameSchema, c.req.param("name"));
    const { strip } = parseInput(deployQuerySchema, c.req.query());
    const type = (c.req.header("content-type") ?? "").split(";")[0].trim().toLowerCase();
    const isGzip = GZIP_TYPES.includes(type) || type === "application/octet-stream";
    if (!isGzip && type !== "multipart/form-data") throw new UnsupportedMediaType(type || "none");
    const length = Number(c.req.header("content-length") ?? 0);
    if (length > maxUpload) throw new PayloadTooLarge(name, maxUpload);
    if (!c.req.raw.body) throw new BadArchive("The request has no body", name);
    if (locks.has(name)) throw new Conflict(`A deploy of "${name}" is in progress`, name);
    const existing = await deps.platform.record(name);
    const hasDir = await Deno.stat(`${deps.platform.registryInDir}/${name}`).then(
      () => true,
      () => false,
    );
    const unclaim = await requireManageOrClaim(deps, c, name, existing !== undefined || hasDir);
    locks.add(name);
    try {
      const before = await deps.platform.record(name);
      const body = limited(c.req.raw.body, maxUpload, name);
      const limits = {
        maxFiles: deps.limits?.maxFiles,
        maxBytes: deps.limits?.maxUnpackedBytes,
        strip,
      };
      const entries = isGzip
        ? untarGz(body, limits)
        : formEntries(await new Response(body, { headers: c.req.raw.headers }).formData());
      const installed = await installFunction(deps.platform.registryInDir, name, entries, limits)
        .catch((e) => {
          if (e instanceof TarError) {
            throw new BadArchive(`Cannot deploy "${name}": ${e.message}`, name);
          }
          if (e instanceof TypeError) {
            throw new BadArchive(`Cannot read the upload: ${e.message}`, name);
          }
          throw e;
        });
      log(
        deps,
        name,
        `deploy: ${installed.files} files, ${installed.bytes} bytes unpacked; building`,
      );
      const built = await deps.platform.rebuild(name).catch(async (e) => {
        await installed.rollBack();
        throw e;
      });
      const ok = built?.status === "ready" && !built.failedBuild;
      const failure = built?.failedBuild?.error ?? built?.error ?? "unknown";
      const record = built;
      if (ok) await installed.keep();
      else {
        // registry_in/ goes back to what it held, and what served keeps serving: the folder
        // swap back holds the content of the serving build, so the registry does not rebuild it.
        const rejected = await installed.rollBack();
        log(deps, name, `deploy: build failed: ${failure}; the upload is kept in ${rejected}`);
        if (installed.created) {
          await deps.platform.remove(name);
          await unclaim();
        }
      }
      log(deps, name, `deploy: build ${ok ? "ready" : "failed"}`);
      const previous = before?.manifest;
      return c.json({
        name,
        created: installed.created,
        files: installed.files,
        bytes: installed.bytes,
        build: record
          ? {
            status: ok ? "ready" : "failed",
            error: ok ? undefined : failure,
            serving: record.status === "ready" && (ok || !installed.created)
              ? record.hash
              : undefined,
            hash: record.hash,
            runtime: record.runtime,
            builtAt: record.builtAt,
            buildMs: record.buildMs,
            bundleBytes: record.bundleBytes,
            image: record.image,
          }
          : { status: "failed", error: "The platform did not register the function" },
        permissions: diffPermissions(before ? previous : undefined, record?.manifest),
      }, ok ? 200 : 422);
    } catch (e) {
      await unclaim(); // a first deploy that never got built leaves the name free
      throw e;
    } finally {
      locks.delete(name);
    }
  });
}

function log(deps: AdminDeps, fn: string, line: string): void {
  deps.logs.write({ ts: Date.now(), fn, instance: "build", stream: "system", line });
}
