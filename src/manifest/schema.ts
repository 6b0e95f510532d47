/**
 * The `registry.json` schema. Strict: an unknown key or a bad value is a build error that names
 * the key and says what is allowed. Defaults are safe: no permissions beyond answering the
 * platform.
 */
import { z } from "zod";
import {
  asyncFieldProblems,
  asyncSchema,
  scheduleSchema,
  storeGrantsSchema,
  triggersSchema,
} from "./async_fields.ts";
import { refusedEnvReason, refusedGrantReason } from "./env_names.ts";
import { envNameProblems, hostProblems, MAX_GRANTS, pathProblems, runProblems } from "./values.ts";
import { writeGrantProblems } from "./write_rules.ts";
import { authSchema, cacheSchema, spaSchema, staticSchema } from "./web.ts";
import { handlerProblems } from "./handler_ref.ts";

/** Platform-wide defaults for manifest fields (overridable by `DENOFN_DEFAULT_*` variables). */
export interface ManifestDefaults {
  idleTimeoutSec: number;
  timeoutMs: number;
  memoryMb: number;
  concurrency: number;
  maxInstances: number;
  maxQueue: number;
  maxBodyBytes: number;
}

/** The defaults used when neither the manifest nor the environment says otherwise. */
export const DEFAULT_MANIFEST_DEFAULTS: ManifestDefaults = {
  idleTimeoutSec: 300,
  timeoutMs: 30_000,
  memoryMb: 256,
  concurrency: 100,
  maxInstances: 1,
  maxQueue: 1000,
  maxBodyBytes: 32 * 1024 * 1024,
};

/** A string checked by one of the per-kind checks of `values.ts`; each problem names the value. */
function checked(check: (value: string) => string[]) {
  return z.string().superRefine((value, ctx) => {
    for (const problem of check(value)) {
      ctx.addIssue({ code: "custom", message: `${JSON.stringify(value)} ${problem}` });
    }
  });
}

const relativePath = checked(pathProblems);
const grants = (item: z.ZodType<string>) =>
  z.array(item).max(MAX_GRANTS, `must hold at most ${MAX_GRANTS} entries`).default([]);
const envGrant = checked((name) => {
  const problems = envNameProblems(name);
  const refused = problems.length ? undefined : refusedGrantReason(name);
  return refused ? [...problems, refused] : problems;
});
const sysName = z.enum([
  "hostname",
  "osRelease",
  "osUptime",
  "loadavg",
  "networkInterfaces",
  "systemMemoryInfo",
  "uid",
  "gid",
  "cpus",
  "homedir",
  "getegid",
  "statfs",
  "getPriority",
  "setPriority",
  "userInfo",
]);

const permissionsSchema = z.strictObject({
  net: grants(checked(hostProblems)),
  read: grants(relativePath),
  write: grants(relativePath),
  env: grants(envGrant),
  run: grants(checked(runProblems)),
  ffi: grants(relativePath),
  sys: grants(sysName),
  store: storeGrantsSchema,
});

/** Longest value of a manifest `env` variable (far below the kernel's limit per string). */
export const MAX_ENV_VALUE = 32 * 1024;
/**
 * Most `env` variables: their names travel to the runner in one argument, which must stay below
 * the kernel's 128 KiB per string (256 names of at most 256 characters fit).
 */
export const MAX_ENV_ENTRIES = 256;

const envSchema = z.record(
  z.string(),
  z.string()
    .max(MAX_ENV_VALUE, `must be at most ${MAX_ENV_VALUE} characters`)
    .refine((v) => !v.includes("\0"), "must not contain NUL"),
).superRefine((env, ctx) => {
  const names = Object.keys(env);
  if (names.length > MAX_ENV_ENTRIES) {
    ctx.addIssue({
      code: "custom",
      path: [],
      message: `has ${names.length} variables; a manifest may set at most ${MAX_ENV_ENTRIES}`,
    });
  }
  for (const name of names) {
    const problems = envNameProblems(name);
    const refused = problems.length ? undefined : refusedEnvReason(name);
    for (const problem of refused ? [refused] : problems) {
      ctx.addIssue({ code: "custom", path: [name], message: `${JSON.stringify(name)} ${problem}` });
    }
  }
});

const headerRecord = z.record(z.string().min(1), z.string());

const testSchema = z.strictObject({
  request: z.strictObject({
    method: z.string().regex(/^[A-Z]+$/).default("GET"),
    path: z.string().startsWith("/").default("/"),
    headers: headerRecord.default({}),
    body: z.string().optional(),
  }).default({ method: "GET", path: "/", headers: {} }),
  expect: z.strictObject({
    status: z.number().int().min(100).max(599).default(200),
    bodyContains: z.string().optional(),
    headers: headerRecord.default({}),
  }).default({ status: 200, headers: {} }),
});

const historySchema = z.strictObject({
  bodies: z.boolean().default(false),
  maxBodyBytes: z.number().int().min(0).max(1024 * 1024).default(64 * 1024),
});

const healthSchema = z.strictObject({
  intervalMs: z.number().int().min(0).max(3_600_000).default(10_000),
  timeoutMs: z.number().int().min(10).max(60_000).default(2_000),
});

/**
 * The calling conventions a function may be written in (`auto` detects them; see
 * `docs/bring-your-functions.md`).
 */
export const SHAPES = [
  "auto",
  "web",
  "deno-serve",
  "workers",
  "netlify",
  "vercel",
  "express",
  "lambda",
  "openfaas",
  "gcf",
  "azure",
] as const;

/** A calling convention of {@link SHAPES}. */
export type Shape = typeof SHAPES[number];

const lambdaSchema = z.strictObject({ event: z.enum(["v1", "v2"]).default("v1") });

/**
 * Options of container functions (runtimes built from a template). `keep`: what an idle
 * instance becomes after `idleTimeoutSec` — `cold` (stopped; the next call starts a new one) or
 * `hot` (paused: no CPU, memory kept; the next call resumes it in milliseconds).
 */
const containerSchema = z.strictObject({ keep: z.enum(["cold", "hot"]).default("cold") });

/** Builds the schema of `registry.json` with the platform's defaults filled in. */
export function manifestSchema(d: ManifestDefaults = DEFAULT_MANIFEST_DEFAULTS) {
  return z.strictObject({
    $schema: z.string().optional(),
    runtime: z.string().regex(/^[a-z0-9][a-z0-9_-]{0,62}$/, {
      message: 'must be "deno" or the name of a folder under templates/',
    }).default("deno"),
    entry: relativePath.optional(),
    // Absent: parsed as `{}`, so each kind of grant takes its own default (none).
    permissions: permissionsSchema.prefault({}),
    env: envSchema.default({}),
    warmupOnStart: z.boolean().default(false),
    idleTimeoutSec: z.number().int().min(0).max(86_400).default(d.idleTimeoutSec),
    timeoutMs: z.number().int().min(1).max(3_600_000).default(d.timeoutMs),
    memoryMb: z.number().int().min(16).max(65_536).default(d.memoryMb),
    concurrency: z.number().int().min(1).max(100_000).default(d.concurrency),
    maxInstances: z.number().int().min(1).max(256).default(d.maxInstances),
    /** Instances kept started even when idle (0: none; at most `maxInstances`). */
    minInstances: z.number().int().min(0).max(256).default(0),
    maxQueue: z.number().int().min(0).max(1_000_000).default(d.maxQueue),
    maxBodyBytes: z.number().int().min(0).max(2 ** 31).default(d.maxBodyBytes),
    mode: z.enum(["http", "stdin"]).default("http"),
    health: healthSchema.default({ intervalMs: 10_000, timeoutMs: 2_000 }),
    test: testSchema.optional(),
    history: historySchema.default({ bodies: false, maxBodyBytes: 64 * 1024 }),
    auth: authSchema.default("none"),
    static: staticSchema.optional(),
    spa: spaSchema.default(false),
    cache: cacheSchema.optional(),
    async: asyncSchema,
    schedule: scheduleSchema,
    triggers: triggersSchema,
    shape: z.enum(SHAPES).default("auto"),
    handler: checked(handlerProblems).optional(),
    path: z.enum(["strip", "keep"]).default("strip"),
    lambda: lambdaSchema.default({ event: "v1" }),
    container: containerSchema.optional(),
  }).superRefine((m, ctx) => {
    for (const { index, message } of writeGrantProblems(m.permissions.write, m.entry)) {
      ctx.addIssue({ code: "custom", path: ["permissions", "write", index], message });
    }
    if (m.minInstances > m.maxInstances) {
      ctx.addIssue({
        code: "custom",
        path: ["minInstances"],
        message: `must be at most maxInstances (${m.maxInstances})`,
      });
    }
    if (m.spa !== false && m.static === undefined) {
      ctx.addIssue({
        code: "custom",
        path: ["spa"],
        message: 'needs "static": the folder to serve',
      });
    }
    if (m.container !== undefined && m.runtime === "deno") {
      ctx.addIssue({
        code: "custom",
        path: ["container"],
        message: 'applies to container runtimes only (runtime "deno" runs as a subprocess)',
      });
    }
    for (const { path, message } of asyncFieldProblems(m)) {
      ctx.addIssue({ code: "custom", path, message });
    }
  });
}

/** A validated, normalized `registry.json` with every default filled in. */
export type Manifest = z.output<ReturnType<typeof manifestSchema>>;

/** The permission lists of a manifest. */
export type Permissions = Manifest["permissions"];
