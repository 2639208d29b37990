/** Bounds of the gateway, each with why. */

/** Request body bytes: a 10 MiB PutRecords is about 13.4 MiB as base64 JSON, plus keys. */
export const requestBodyBytesMax = 16 * 1024 * 1024;

/** How long an append follows leader changes before the records fail. Elections take 1–2 s; three of them fit. */
export const appendDeadlineMs = 8_000;

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
