/**
 * The NATS connection the scale-out parts share (`DENOFN_NATS_URL`): connect with JetStream,
 * open key-value buckets, and tell JetStream's errors apart. `testing.ts` starts a real
 * `nats-server -js` for tests.
 * @module
 */
export {
  type BucketOptions,
  connectNats,
  type ConnectOptions,
  isNotFound,
  isRevisionConflict,
  nanos,
  type Nats,
  openBucket,
} from "./connect.ts";
