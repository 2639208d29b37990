/** Bounds of the gateway, each with why. */

/** Request body bytes: a 10 MiB PutRecords is about 13.4 MiB as base64 JSON, plus keys. */
export const requestBodyBytesMax = 16 * 1024 * 1024;

/**
 * How long an append follows leader changes before the records fail.
 * Elections take 0.5–1 s; several fit, and a majority cut off for longer
 * fails the call cleanly (as no majority means no write). An append in flight
 * to a leader that routing shows replaced does not wait for this: it is
 * abandoned at once (cluster-client.ts).
 */
export const appendDeadlineMs = 8_000;

/**
 * Appends to one shard are coalesced: while an Append call to its leader is in
 * flight, further appends wait and go out together in the next call, up to
 * the record and byte bounds below. Fewer, larger calls cost the gateway and
 * the leader far less per record than one call per PutRecord (measured: 32
 * concurrent PutRecord callers on 4 shards, about a third more calls/s and a
 * lower p99 than one call each; one in flight beat two or four).
 */
export const appendCallsInFlightPerShard = 1;
export const coalescedAppendRecordsMax = 1_000;
export const coalescedAppendBytesMax = 2 * 1024 * 1024;

/**
 * How long an append told "not the leader, and no leader known" waits for
 * routing to name one before it asks again: an election is under way, and
 * ends within an election timeout or so (routing wakes the wait as soon as a
 * leader is named, so this only paces the asking).
 */
export const leaderUnknownWaitMs = 100;

/**
 * How long an append in flight to a node that routing no longer shows
 * leading its shard may still be answered before it is abandoned (outcome
 * unknown). A node that handed its leadership over answers within a round
 * trip or two (its appends held during the hand-over are answered with the
 * new leader's name); a paused or cut-off one never does, and this is what
 * it adds to the shard's failover, which an election timeout dominates.
 */
export const abandonGraceMs = 100;

/** The pause before watching routing at the next node when a node could not be watched at all (it is down): paces the tries through the seeds. */
export const routingWatchRetryMs = 300;

/** A routing watch that lived this long before it ended served (its node is stopping, say): the next node is watched at once, without the pause above. */
export const routingWatchLivedMs = 1_000;

/** Shard iterators and NextTokens live this long (as in Kinesis). */
export const iteratorLifetimeMs = 5 * 60_000;
export const nextTokenLifetimeMs = 300_000;

/** GetRecords returns at most this many bytes (as in Kinesis). */
export const getRecordsBytesMax = 10 * 1024 * 1024;

/** ListStreams and ListShards defaults and maxima (as in Kinesis). */
export const listStreamsLimitMax = 100;
export const listShardsResultsMax = 1000;
export const describeStreamShardsMax = 100;

/** Shards in one account by default (Kinesis' default quota outside the largest regions); raised with the gateway's --shard-limit, as a quota increase would. */
export const shardLimitDefault = 1000;

/** Shards of a new on-demand stream. */
export const onDemandShardCount = 4;
export const onDemandStreamCountLimit = 50;

/** ListStreamConsumers: results per page by default and at most (MaxResults may ask up to 10,000; Kinesis returns 100 at most). */
export const listStreamConsumersResultsDefault = 100;
export const listStreamConsumersResultsMax = 100;

/** A subscription (SubscribeToShard) lasts this long, then ends cleanly and the client subscribes again (as in Kinesis). */
export const subscriptionLifetimeMsDefault = 5 * 60_000;

/** A second subscription of a consumer to a shard within this long of the first is refused; after it, it takes the first one's place (as in Kinesis). */
export const subscriptionTakeoverMs = 5_000;

/** What one consumer reads from one shard by subscription, bytes per second (as in Kinesis: 2 MiB/s), and the burst it may take at once. */
export const subscriptionBytesPerSecond = 2 * 1024 * 1024;

/**
 * Payload bytes of one batch a node pushes to a subscription: an eighth of
 * a second of a consumer's rate, so pacing stays smooth. A subscription's
 * node stream buffers up to 16 batches (gRPC's stream buffer): 4 MiB at
 * most.
 */
export const subscriptionBatchBytesMax = 256 * 1024;

/** With no new records, an empty event still goes to the client this often: it sees the subscription alive and MillisBehindLatest current. */
export const subscriptionIdleEventMs = 5_000;

/** A node's subscription stream that is silent this long (nodes send a heartbeat every second) is taken for dead, and the gateway continues on another replica. */
export const subscriptionSilenceMs = 4_000;

/** How long a subscription keeps trying replicas without making progress before it ends with InternalFailureException (the client subscribes again). */
export const subscriptionRecoveryMs = 20_000;

/** Subscriptions one gateway serves at once: each holds its node stream's buffer (4 MiB at most, see above), so 4 GiB in the worst case. */
export const subscriptionsPerGatewayMax = 1_000;

/**
 * Values in one request body (JSON or CBOR), and how deep they nest, checked
 * before decoding (body-bounds.ts). The largest request Kinesis knows,
 * PutRecords with 500 records of three members, is about 3,500 values and 4
 * levels deep; these leave room for a request that is too large to be told
 * so by validation, while a body of millions of tiny values is refused
 * before it costs gigabytes.
 */
export const requestItemsMax = 20_000;
export const requestNestingMax = 32;

/**
 * HTTP timeouts. A client must send a request's headers within
 * `headersTimeoutMs` of starting it, and its whole body within
 * `requestTimeoutMs` (a 16 MiB body at 1 MiB/s fits); a connection silent
 * for `idleTimeoutMs` (no request in flight, nothing sent) is closed, as is
 * one that sends nothing at all for `firstByteTimeoutMs` after connecting.
 * An answer the client has not read `responseTimeoutMs` after it was
 * written is dropped with its stream: it holds memory for a reader that
 * does not read.
 */
export const httpTimeoutsDefault = {
  firstByteTimeoutMs: 10_000,
  headersTimeoutMs: 10_000,
  requestTimeoutMs: 30_000,
  idleTimeoutMs: 60_000,
  responseTimeoutMs: 60_000,
};

/**
 * Connections one gateway holds at once. Each costs a descriptor, and the
 * process must keep descriptors for its node connections and files (the
 * limit here is 20,000 per process); past this, new connections are closed
 * at once rather than failing everything else for want of descriptors.
 */
export const connectionsMax = 8_000;

/**
 * Concurrent requests on one HTTP/2 connection (the SETTINGS value sent to
 * clients; a client opening more is refused by the protocol). The SDKs use
 * far fewer; a consumer's subscriptions share one connection, and 100 is
 * what many HTTP/2 servers allow.
 */
export const http2StreamsPerConnectionMax = 100;

/**
 * How far a request's signing time may be from the gateway's clock (AWS:
 * five minutes; beyond it, "Signature expired" or "not yet current", which
 * the SDKs take as clock skew and correct).
 */
export const signatureSkewMs = 5 * 60_000;

/** Length of an Authorization header the gateway parses (a real one is about 250 characters; a few signed headers more add little). */
export const authorizationHeaderBytesMax = 8 * 1024;

/** Per-shard throughput on provisioned shards (as in Kinesis), enforced by default (throughput.ts; --throughput-limits off turns it off). */
export const shardThroughputDefault = {
  writeBytesPerSecond: 1024 * 1024,
  writeRecordsPerSecond: 1_000,
  readBytesPerSecond: 2 * 1024 * 1024,
  readCallsPerSecond: 5,
};

/** Shards whose throughput buckets one gateway keeps (an account's shard quota, with room): past it, idle shards are forgotten, which loses nothing since their buckets are full. */
export const throughputShardsTrackedMax = 20_000;

/** A minimum throughput billing commitment lasts at least this long once enabled (as in Kinesis: 24 hours). */
export const billingCommitmentMinimumMs = 24 * 60 * 60_000;

/**
 * Request body bytes one gateway holds at once, across all requests (read,
 * or being served): 256 MiB, a quarter of the gateway's memory limit in the
 * Kubernetes manifests, room for 16 maximal PutRecords at once. Past it, a
 * request is answered 503 ServiceUnavailable (the SDKs retry) instead of
 * buffered: without it, 64 stalled 16 MiB bodies on one HTTP/2 connection
 * would hold a gigabyte.
 */
export const requestBodyBytesInFlightMax = 256 * 1024 * 1024;
