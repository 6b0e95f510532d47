/**
 * The admin API's answers as the client reads them: the fields it uses, written out here so the
 * browser program never pulls in server modules. `../wire_types_test.ts` checks at type-check
 * time that the platform's own types still fit these.
 */

/** A running instance (`instances[]`). */
export interface InstanceView {
  id: string;
  since: number;
  inFlight: number;
}

/** `GET /admin/functions` items. */
export interface FunctionStatus {
  name: string;
  runtime: string;
  status: "ready" | "building" | "failed";
  error?: string;
  failedBuild?: { hash: string; builtAt: string; error: string };
  state: "cold" | "warm";
  instances: InstanceView[];
  hash: string;
  builtAt: string;
  buildMs: number;
  counters: { invocations: number; errors: number; coldStarts: number; lastInvokedAt?: number };
}

/** `GET /admin/functions/<name>`. */
export interface FunctionDetail extends FunctionStatus {
  manifest?: unknown;
  permissionFlags?: string[];
  bundleBytes?: number;
  image?: string;
}

/** Granted and revoked entries per permission kind. */
export interface PermissionDiff {
  changed: boolean;
  firstDeploy: boolean;
  kinds: Partial<Record<string, { granted: string[]; revoked: string[] }>>;
}

/** The answer of a deploy (`PUT /admin/functions/<name>`). */
export interface DeployAnswer {
  name: string;
  created: boolean;
  files: number;
  bytes: number;
  build: { status: "ready" | "failed"; error?: string; hash?: string; buildMs?: number };
  permissions: PermissionDiff;
}

/** Figures of recent minutes (`/admin/stats`). */
export interface StatsSummary {
  calls: number;
  callsPerMin: number;
  errors: number;
  errorRate: number;
  coldStarts: number;
  p50: number | null;
  p99: number | null;
}

/** Per-minute series of one function or the platform. */
export interface StatsSeries {
  calls: number[];
  errors: number[];
  cold: number[];
  p50: (number | null)[];
  p99: (number | null)[];
  summary: StatsSummary;
}

/** `GET /admin/stats`. */
export interface Stats {
  from: number;
  stepMs: number;
  recentMinutes: number;
  platform: StatsSeries;
  functions: Record<string, StatsSeries>;
}

/** A log line (`/admin/functions/<name>/logs`). */
export interface FunctionLogLine {
  ts: number;
  fn: string;
  instance: string;
  stream: "stdout" | "stderr" | "system";
  line: string;
  requestId?: string;
}

/** A kept request or response body. */
export interface CapturedBody {
  text: string;
  encoding: "utf8" | "base64";
  bytes: number;
  truncated: boolean;
}

/** A history record (`/admin/history`). */
export interface InvocationRecord {
  requestId: string;
  fn: string;
  method: string;
  path: string;
  status: number;
  startedAt: number;
  durationMs: number;
  cold: boolean;
  coldStartMs?: number;
  queueMs?: number;
  instance?: string;
  error?: string;
  trigger?: string;
  traceId?: string;
  requestBody?: CapturedBody;
  responseBody?: CapturedBody;
}

/** An async job (`/admin/async/jobs`, `/admin/async/dead`). */
export interface Job {
  id: string;
  fn: string;
  method: string;
  path: string;
  state: string;
  attempts: number;
  createdAt: number;
  lastError?: string;
}
