/**
 * The platform's configuration, read from the environment and validated once at start. A bad
 * value fails fast with a message naming the variable.
 */
import { fileURLToPath } from "node:url";
import { z } from "zod";
import { DEFAULT_MANIFEST_DEFAULTS, type ManifestDefaults } from "../manifest/mod.ts";

const int = (min: number, max: number) => z.coerce.number().int().min(min).max(max);
const d = DEFAULT_MANIFEST_DEFAULTS;
/** The runtime templates shipped with the platform (independent of the working directory). */
const SHIPPED_TEMPLATES = fileURLToPath(new URL("../../templates", import.meta.url));

/** Environment variables the platform reads, with their defaults. */
export const configSchema = z.object({
  PORT: int(0, 65535).default(8000),
  DENOFN_HOSTNAME: z.string().min(1).default("0.0.0.0"),
  /**
   * Which parts this process runs: `all` (one process), or one compose service: `registry`
   * (builds, runs manifest tests, serves its API) or `gateway` (routes calls, admin, metrics).
   */
  DENOFN_ROLE: z.enum(["all", "registry", "gateway"]).default("all"),
  /** Where a `gateway` reaches the `registry` service, e.g. `http://registry:8001`. */
  DENOFN_REGISTRY_URL: z.url({ protocol: /^https?$/ }).optional(),
  /** The admin API at `/admin` (gateway roles). */
  DENOFN_ADMIN: z.enum(["on", "off"]).default("on"),
  /** The platform's own output: `pretty` lines, or `json` (one object per line, for Loki/ELK). */
  DENOFN_LOG_FORMAT: z.enum(["pretty", "json"]).default("pretty"),
  /** Prometheus metrics at `/metrics` (gateway roles). */
  DENOFN_METRICS: z.enum(["on", "off"]).default("on"),
  /** The dashboard at `/ui` (gateway roles, needs the admin API); `/` redirects there. */
  DENOFN_UI: z.enum(["on", "off"]).default("on"),
  /**
   * Serves the dashboard on this port instead of under the gateway's `/ui`: its own origin, so
   * a function's page (same origin as `/fn`) cannot script it with an admin's session.
   */
  DENOFN_UI_PORT: int(0, 65535).optional(),
  /** Largest admin deploy upload (the compressed archive), in bytes. */
  DENOFN_DEPLOY_MAX_UPLOAD_BYTES: int(1, 2 ** 31).default(20 * 1024 * 1024),
  /** Most files in a deploy archive. */
  DENOFN_DEPLOY_MAX_FILES: int(1, 1_000_000).default(2_000),
  /** Largest unpacked size of a deploy, in bytes. */
  DENOFN_DEPLOY_MAX_UNPACKED_BYTES: int(1, 2 ** 34).default(50 * 1024 * 1024),
  DENOFN_REGISTRY_IN: z.string().min(1).default("registry_in"),
  DENOFN_REGISTRY: z.string().min(1).default("registry"),
  DENOFN_DATA: z.string().min(1).default("data"),
  /**
   * The builds' own Deno cache (default `~/.cache/denofn/build`); the platform image points it
   * at its pre-filled cache, so builds work offline.
   */
  DENOFN_BUILD_CACHE: z.string().min(1).optional(),
  DENOFN_TEMPLATES: z.string().min(1).default(SHIPPED_TEMPLATES),
  DENOFN_ADMIN_TOKEN: z.string().min(16, "must be at least 16 characters").optional(),
  /** Whether anyone may create a `deployer` account (`POST /auth/register`); off: admins do. */
  DENOFN_OPEN_REGISTRATION: z.enum(["on", "off"]).default("off"),
  /** Lifetime of session tokens, and of refresh tokens, in seconds. */
  DENOFN_SESSION_TTL_SEC: int(10, 86_400).default(900),
  DENOFN_REFRESH_TTL_SEC: int(60, 365 * 86_400).default(7 * 86_400),
  /**
   * Key that encrypts secrets at rest: 32 bytes as base64 or 64 hex digits; default: generated
   * into `<data>/secrets_key`. `DENOFN_SECRET_KEY` is read when this is unset.
   */
  DENOFN_SECRETS_KEY: z.string().min(1).optional(),
  DENOFN_SECRET_KEY: z.string().min(1).optional(),
  DENOFN_SHUTDOWN_GRACE_MS: int(0, 600_000).default(10_000),
  /** Also serve `/functions/v1/<name>` as Supabase clients call it (the function sees `/<name>/...`). */
  DENOFN_SUPABASE_ROUTES: z.enum(["on", "off"]).default("off"),
  /** Given to every function as `SUPABASE_URL` (and the keys below as their Supabase names). */
  DENOFN_SUPABASE_URL: z.string().url().optional(),
  DENOFN_SUPABASE_ANON_KEY: z.string().min(1).optional(),
  DENOFN_SUPABASE_SERVICE_ROLE_KEY: z.string().min(1).optional(),
  DENOFN_SUPABASE_DB_URL: z.string().min(1).optional(),
  /** Where the python template's builds install requirements.txt from (`none`: only the wheels below). */
  DENOFN_PIP_INDEX_URL: z.union([z.literal("none"), z.string().url()]).optional(),
  /** A folder of wheels the python template's builds may install from (copied into each build). */
  DENOFN_PIP_FIND_LINKS: z.string().min(1).optional(),
  /** The public listener: a request's line and headers must arrive within this many ms (408). */
  DENOFN_HEADER_TIMEOUT_MS: int(100, 600_000).default(10_000),
  /** A keep-alive connection with no request in flight closes after this many ms. */
  DENOFN_KEEPALIVE_TIMEOUT_MS: int(100, 3_600_000).default(5_000),
  /**
   * More request headers than this, or more bytes of request line and headers, answer 431 (at
   * most what Deno.serve itself accepts behind the edge guard: 128 headers, 60 KiB).
   */
  DENOFN_MAX_HEADERS: int(1, 128).default(100),
  DENOFN_MAX_HEADER_BYTES: int(1_024, 60 * 1024).default(32 * 1024),
  /**
   * Function processes as unprivileged users of their own (see docs/security.md): `auto` when the
   * platform runs as root and util-linux's prlimit and setpriv are there, `on` (required), `off`.
   */
  DENOFN_SANDBOX_USERS: z.enum(["auto", "on", "off"]).default("auto"),
  /** The uids (and gids) function users get: `DENOFN_SANDBOX_FIRST_UID` and the count after it. */
  DENOFN_SANDBOX_FIRST_UID: int(1_000, 2 ** 31 - 2).default(200_000),
  DENOFN_SANDBOX_UID_COUNT: int(1, 2 ** 24).default(100_000),
  /** Processes (and threads) one function's user may have, plus 32 per instance it may run. */
  DENOFN_FUNCTION_MAX_PROCESSES: int(16, 1_000_000).default(128),
  /** Open files of one function process. */
  DENOFN_FUNCTION_MAX_OPEN_FILES: int(64, 1_048_576).default(4_096),
  DENOFN_READY_TIMEOUT_MS: int(100, 600_000).optional(),
  /**
   * MB (counted by each function's `memoryMb`) of spare instances: one fresh, probe-warmed
   * instance per function in use (after an idle stop, a cold start, a spare's use, a deploy), so
   * that a call that finds no instance free lands on a ready process; the spares of the functions
   * called least recently go first. 0 (the default): no spares.
   */
  DENOFN_SPARES_MB: int(0, 1_048_576).default(0),
  /**
   * `on`: plain `/fn/` calls are forwarded by the edge itself, without `Deno.serve`'s objects
   * (`src/gateway/lane/`); `off`: every call takes the full route (to compare, or to rule it out).
   */
  DENOFN_DIRECT_LANE: z.enum(["on", "off"]).default("on"),
  /** A spare no call has used for this many seconds stops, and nothing replaces it. */
  DENOFN_SPARE_TTL_SEC: int(1, 7 * 86_400).default(600),
  DENOFN_DOCKER: z.enum(["auto", "on", "off"]).default("auto"),
  /** Owner label of this platform's Docker objects; default derived from `DENOFN_DATA`. */
  DENOFN_DOCKER_OWNER: z.string().regex(/^[a-z0-9][a-z0-9_.-]{0,62}$/).optional(),
  /** Network of this platform's containers; default `denofn-<owner>`. */
  DENOFN_DOCKER_NETWORK: z.string().regex(/^[a-zA-Z0-9][a-zA-Z0-9_.-]{0,62}$/).optional(),
  DENOFN_DEFAULT_IDLE_TIMEOUT_SEC: int(0, 86_400).default(d.idleTimeoutSec),
  DENOFN_DEFAULT_TIMEOUT_MS: int(1, 3_600_000).default(d.timeoutMs),
  DENOFN_DEFAULT_MEMORY_MB: int(16, 65_536).default(d.memoryMb),
  DENOFN_DEFAULT_CONCURRENCY: int(1, 100_000).default(d.concurrency),
  DENOFN_DEFAULT_MAX_INSTANCES: int(1, 256).default(d.maxInstances),
  DENOFN_DEFAULT_MAX_QUEUE: int(0, 1_000_000).default(d.maxQueue),
  DENOFN_DEFAULT_MAX_BODY_BYTES: int(0, 2 ** 31).default(d.maxBodyBytes),
  /** Async invocations, schedules and the store (gateway roles); see docs/async.md. */
  DENOFN_ASYNC: z.enum(["on", "off"]).default("on"),
  /** Hosts `X-Callback-Url` may name (`host`, `host:port`, `*.domain`); empty: any but the platform. */
  DENOFN_CALLBACK_ALLOW: z.string().default(""),
  /** Callback deliveries before giving up, and the first delay between them (doubling). */
  DENOFN_CALLBACK_ATTEMPTS: int(1, 100).default(6),
  DENOFN_CALLBACK_BACKOFF_MS: int(10, 3_600_000).default(1_000),
  /** Largest request body stored for an async job, and largest result kept, in bytes. */
  DENOFN_ASYNC_MAX_BODY_BYTES: int(0, 256 * 1024 * 1024).default(8 * 1024 * 1024),
  DENOFN_ASYNC_MAX_RESULT_BYTES: int(0, 256 * 1024 * 1024).default(8 * 1024 * 1024),
  /** How long dead letters are kept for replay, seconds. */
  DENOFN_ASYNC_DEAD_TTL_SEC: int(60, 30 * 86_400).default(7 * 86_400),
  /** Largest store document, bytes of JSON (Deno KV keeps a value within 64 KiB). */
  DENOFN_STORE_MAX_DOC_BYTES: int(2, 60_000).default(60_000),
  /**
   * Scale-out (gateway roles; see docs/scale-out.md): with a NATS URL (`nats://host:4222`), async
   * jobs, results, the store, its triggers and the merged history live in NATS JetStream, shared
   * by every gateway on it; unset, the embedded Deno KV defaults stay.
   */
  DENOFN_NATS_URL: z.string().regex(/^(nats|tls):\/\/[^\s,]+(,(nats|tls):\/\/[^\s,]+)*$/, {
    message: "expected nats://host:port (comma-separated for a cluster)",
  }).optional(),
  /** This gateway's id among its peers (default: the host name); `[a-z0-9_-]`, unique per gateway. */
  DENOFN_GATEWAY_ID: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9_-]{0,62}$/).optional(),
  /** A job's held message goes to another gateway when its holder is silent this long, ms. */
  DENOFN_NATS_ACK_WAIT_MS: int(500, 3_600_000).default(30_000),
  /** Deliveries of one queue message before its job becomes a dead letter. */
  DENOFN_NATS_MAX_DELIVER: int(2, 1_000).default(10),
  /** How long a deploy waits for every live gateway to route the new version, ms. */
  DENOFN_DEPLOY_PEER_WAIT_MS: int(0, 600_000).default(10_000),
  /** How long the merged history stream keeps calls, seconds. */
  DENOFN_NATS_HISTORY_MAX_AGE_SEC: int(60, 30 * 86_400).default(86_400),
  /**
   * Deno's built-in OpenTelemetry (`true` or `1` turns it on; read by Deno itself at start). When
   * on, the gateway adds a span per hop and function instances get the `OTEL_*` settings.
   */
  OTEL_DENO: z.string().optional(),
});

/** The validated environment. */
export type Config = z.output<typeof configSchema>;

/** A configuration variable has a bad value. */
export class ConfigError extends Error {
  constructor(problems: string[]) {
    super(`Cannot start: bad configuration: ${problems.join("; ")}`);
    this.name = "ConfigError";
  }
}

/** Validates `env` (e.g. `Deno.env.toObject()`). @throws {ConfigError} naming each variable. */
export function parseConfig(env: Record<string, string | undefined>): Config {
  const clean = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== ""));
  const result = configSchema.safeParse(clean);
  if (result.success && result.data.DENOFN_ROLE === "gateway" && !result.data.DENOFN_REGISTRY_URL) {
    throw new ConfigError([
      "DENOFN_REGISTRY_URL: required when DENOFN_ROLE=gateway (the registry service's URL)",
    ]);
  }
  if (result.success) return result.data;
  throw new ConfigError(result.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`));
}

/** The manifest defaults the configuration sets. */
export function manifestDefaults(config: Config): ManifestDefaults {
  return {
    idleTimeoutSec: config.DENOFN_DEFAULT_IDLE_TIMEOUT_SEC,
    timeoutMs: config.DENOFN_DEFAULT_TIMEOUT_MS,
    memoryMb: config.DENOFN_DEFAULT_MEMORY_MB,
    concurrency: config.DENOFN_DEFAULT_CONCURRENCY,
    maxInstances: config.DENOFN_DEFAULT_MAX_INSTANCES,
    maxQueue: config.DENOFN_DEFAULT_MAX_QUEUE,
    maxBodyBytes: config.DENOFN_DEFAULT_MAX_BODY_BYTES,
  };
}
