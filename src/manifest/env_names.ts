/**
 * Environment variable names a manifest may not set. Each one changes what a runtime (the dynamic
 * loader, Deno, Node, Python, a shell, glibc) loads or trusts before any permission applies,
 * sends traffic where the net permission does not look (telemetry exporters, proxies), or
 * belongs to the platform. The check ignores case, so `ld_preload` is refused too. The same rule
 * holds for every runtime: Deno subprocesses and containers alike get the manifest's `env`.
 */

/** A family of refused names and why. */
export interface RefusedFamily {
  /** How the family is written in messages and docs, e.g. `LD_*`. */
  family: string;
  /** Matches an upper-cased name. */
  pattern: RegExp;
  /** Why names of the family are refused. */
  why: string;
}

/** The refused families, in the order they are checked. */
export const REFUSED_ENV: readonly RefusedFamily[] = [
  { family: "LD_*", pattern: /^LD_/, why: "it makes the dynamic loader load other code" },
  {
    family: "DENO_*",
    pattern: /^DENO_/,
    why: "it changes how Deno loads code, certificates and V8 flags",
  },
  { family: "NODE_*", pattern: /^NODE_/, why: "it changes how Node loads code" },
  { family: "PYTHON*", pattern: /^PYTHON/, why: "it changes how Python loads code" },
  { family: "BASH_ENV", pattern: /^BASH_ENV$/, why: "bash runs the file it names at start-up" },
  { family: "ENV", pattern: /^ENV$/, why: "sh runs the file it names at start-up" },
  { family: "PATH", pattern: /^PATH$/, why: "it decides which programs run" },
  { family: "HOME", pattern: /^HOME$/, why: "it decides where configuration is read from" },
  { family: "DENOFN_*", pattern: /^DENOFN_/, why: "DENOFN_* is the platform's own namespace" },
  {
    family: "OTEL_*",
    pattern: /^OTEL_/,
    why: "Deno exports telemetry to the endpoint it names with no net permission at all " +
      "(the platform sets these)",
  },
  {
    family: "proxy variables",
    pattern: /^(HTTP_PROXY|HTTPS_PROXY|ALL_PROXY|NO_PROXY)$/,
    why: "it sends traffic through a host the net permission never checks",
  },
  {
    family: "glibc start-up variables",
    pattern:
      /^(GLIBC_TUNABLES|GCONV_PATH|LOCPATH|NLSPATH|HOSTALIASES|RESOLV_HOST_CONF|MALLOC_TRACE)$/,
    why: "glibc reads it before the program starts",
  },
  {
    family: "shell start-up variables",
    pattern: /^(SHELLOPTS|BASHOPTS|PS4|IFS|PROMPT_COMMAND)$/,
    why: "it changes what a shell runs",
  },
  {
    family: "other runtimes' load paths",
    pattern:
      /^(PERL5LIB|PERL5OPT|PERLLIB|RUBYOPT|RUBYLIB|JAVA_TOOL_OPTIONS|_JAVA_OPTIONS|JDK_JAVA_OPTIONS|CLASSPATH)$/,
    why: "it makes a runtime load other code",
  },
];

/** Why a manifest `env` may not set `name`, or undefined when it may. */
export function refusedEnvReason(name: string): string | undefined {
  const upper = name.toUpperCase();
  const hit = REFUSED_ENV.find((f) => f.pattern.test(upper));
  return hit && `refused (${hit.family}): ${hit.why}`;
}

/** The request variables a stdin-mode function is given (and may list in `permissions.env`). */
export const REQUEST_ENV_NAMES: readonly string[] = [
  "DENOFN_METHOD",
  "DENOFN_PATH",
  "DENOFN_QUERY",
  "DENOFN_REQUEST_ID",
];

/**
 * Why `permissions.env` may not grant `name`, or undefined when it may. A grant only lets the
 * function read (and set) a variable of its own environment, which holds nothing but the
 * manifest's `env` and the platform's few, so only the names that matter there are refused:
 * `LD_*` (set before a permitted subprocess), `DENO_*` (the platform sets `DENO_DIR`, a host
 * path), `DENOFN_*` (but for the request variables of stdin mode), and the proxy variables
 * (set at run time, they still redirect the first `fetch`). `NODE_ENV` and the like stay
 * grantable: npm packages read them.
 */
export function refusedGrantReason(name: string): string | undefined {
  const upper = name.toUpperCase();
  if (REQUEST_ENV_NAMES.includes(upper)) return undefined;
  if (/^(LD_|DENO_|DENOFN_)|^(HTTP_PROXY|HTTPS_PROXY|ALL_PROXY|NO_PROXY)$/.test(upper)) {
    return refusedEnvReason(name);
  }
  return undefined;
}
