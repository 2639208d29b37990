/** Bounds of the gateway, each with why. */

/** Request body bytes: a 10 MiB PutRecords is about 13.4 MiB as base64 JSON, plus keys. */
export const requestBodyBytesMax = 16 * 1024 * 1024;

/** How long an append follows leader changes before the records fail. Elections take 1–2 s; three of them fit. */
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
