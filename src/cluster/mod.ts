/**
 * A gateway among peers on NATS JetStream (`DENOFN_NATS_URL`): who is live and which version it
 * routes ({@link Peers}), deploys that answer once every live gateway routes them
 * ({@link waitForPeers}), the history of every gateway merged ({@link openSharedHistory}), and
 * this gateway's id. See docs/scale-out.md.
 * @module
 */
export {
  GATEWAYS_BUCKET,
  type PeerInfo,
  Peers,
  type PeersOptions,
  type PeerWait,
} from "./peers.ts";
export { peerWaitMiddleware, waitForPeers, type WaitingRegistry } from "./deploy_wait.ts";
export {
  HISTORY_STREAM,
  openSharedHistory,
  type SharedHistoryOptions,
  type SharedRecord,
} from "./shared_history.ts";
export { gatewayIdOf } from "./gateway_id.ts";
