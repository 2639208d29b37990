/** Bounds of the wire contract, each with why. */

/** gRPC message size: an Append message (1 MiB of Raft entries), a 12 MiB shard entry, or a 10 MiB read, with headroom. */
export const grpcMessageBytesMax = 64 * 1024 * 1024;

/**
 * gRPC keepalive: every channel pings its peer this often, and gives up on a
 * connection whose ping goes unanswered this long. One second each means a
 * frozen or cut-off peer is known within about two seconds, close to one
 * election timeout, so calls in flight to it end then rather than at their
 * deadlines. A ping is a few bytes; a live process answers it from its
 * event loop even under load (a loop stalled for a whole second would miss
 * its Raft heartbeats anyway).
 */
export const keepalivePingMs = 1_000;
export const keepaliveTimeoutMs = 1_000;

/** gRPC reconnect backoff ceiling: a restarted node is reached again within half a second of listening. */
export const reconnectBackoffMaxMs = 500;

/**
 * How long the cluster certificates `makeClusterCertificates` writes are
 * valid: ten years, so a local or test cluster never stops on an expired
 * certificate; a production cluster with its own PKI rotates on its own
 * schedule (new files, then a rolling restart).
 */
export const clusterCertificateDays = 3650;

/**
 * UpdateStreamWarmThroughput's largest target, MiB/s (on-demand streams warm
 * up to 10 GiB/s): gateways refuse more with AWS's error, and nodes refuse a
 * command that asks for more, from the same bound.
 */
export const warmThroughputMiBpsMax = 10_240;

/**
 * How long a FetchLog call may go without a chunk before its caller gives
 * up (and asks again when the leader resends the snapshot): a backstop
 * against a stream that neither delivers nor ends. Per chunk, not per call,
 * so fetching a large log takes as long as it needs; a chunk is read from
 * the node's store in milliseconds, so this is far above a healthy gap.
 */
export const fetchLogIdleMs = 30_000;
