/**
 * The gateway: the HTTP face of the platform and the execution server behind it.
 * @module
 */
export { createGatewayApp, type GatewayEnv, toErrorResponse } from "./app.ts";
export { type FnRouteDeps, handleFnCall, splitFnPath } from "./fn_route.ts";
export {
  consoleLogSink,
  type ExecutionServer,
  type ExecutionServerOptions,
  startExecutionServer,
} from "./server.ts";
