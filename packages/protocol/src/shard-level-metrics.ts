/** Enhanced monitoring's shard-level metrics, in the order the Kinesis API lists them: the catalog stores them so, gateways answer so. */
export const shardLevelMetricNames: readonly string[] = ["IncomingBytes", "IncomingRecords", "OutgoingBytes", "OutgoingRecords", "WriteProvisionedThroughputExceeded", "ReadProvisionedThroughputExceeded", "IteratorAgeMilliseconds"];
