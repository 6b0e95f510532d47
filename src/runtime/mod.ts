/**
 * The execution side of the platform: starting function instances (Deno subprocesses, or
 * containers through the same contract), keeping them within their lifecycle policies, and
 * forwarding calls to them.
 * @module
 */
export { type Clock, systemClock } from "./clock.ts";
export { permissionFlags } from "./flags.ts";
export {
  type Forwarder,
  invoke,
  type Invoked,
  type InvokeResult,
  type InvokeTiming,
  invokeWith,
} from "./invoke.ts";
export {
  type BodyFraming,
  headBytes,
  type HeaderSource,
  latin1Decode,
  type RawAnswer,
  type RawCall,
  requestHead,
} from "./transport/mod.ts";
export { FunctionPool, type Lease, type PoolDeps } from "./pool.ts";
export {
  createProcessStarter,
  type ProcessStarterOptions,
  runArgs,
  type StoreGrantSource,
} from "./process/starter.ts";
export { runStdinCall, type StdinCall } from "./stdin_mode.ts";
export { Supervisor, type SupervisorOptions } from "./supervisor.ts";
export { SpareBudget } from "./policies/spare_budget.ts";
export type { Slot } from "./slot.ts";
export {
  type Instance,
  type InstanceExit,
  type InstanceStarter,
  StartError,
  type StartOptions,
} from "./types.ts";
export { CrashBackoff } from "./policies/backoff.ts";
export { HealthChecker } from "./policies/health_checker.ts";
export { IdleTimer } from "./policies/idle_timer.ts";
export { createVerifier, type VerifierOptions } from "./verify.ts";
export { Runtimes, type RuntimesOptions } from "./runtimes.ts";
export { RunFolder } from "./process/leftovers.ts";
export {
  DEFAULT_SANDBOX,
  ProcessSandbox,
  type SandboxedProcess,
  type SandboxSettings,
} from "./process/sandbox.ts";
export { platformEnvStarter, withPlatformEnv } from "./platform_env.ts";
