/**
 * The gateway: the HTTP face of the platform (function calls, health, readiness, the error
 * contract) and the server every role listens with.
 * @module
 */
export {
  callFunction,
  createGatewayApp,
  type GatewayEnv,
  gatewayHandler,
  type GatewayHandlerOptions,
  readyz,
  toErrorResponse,
} from "./app.ts";
export { type FnRouteDeps, handleFnCall, splitFnPath } from "./fn_route.ts";
export { type HttpServer, type HttpServerOptions, serveHttp } from "./http_server.ts";
export type { EdgeLane, LaneConn } from "./edge/guard.ts";
export { createDirectLane, type DirectLane, LANE_MAX_BODY } from "./lane/direct_lane.ts";
