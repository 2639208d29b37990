/**
 * The one place where a node's failure codes (proto/failure.proto) become
 * the Kinesis errors AWS gives, worded as AWS words them. Nodes never word
 * client-facing errors; what a failure lacks (the stream's name, the
 * account, what was asked), the request and the catalog supply.
 */
import type { Failure__Output } from "@tributary/protocol";
import type { KinesisError } from "./errors.js";
import { internalFailure, invalidArgument, kmsAccessDenied, kmsDisabled, kmsNotFound, limitExceeded, resourceInUse, resourceNotFound, throughputExceeded } from "./errors.js";

/** What the request was about. */
export interface FailureContext {
  readonly accountId: string;
  readonly region?: string;
  readonly stream?: string;
  /** The stream's state, for "not ACTIVE" (from the catalog). */
  readonly status?: string;
  /** The retention period asked for, for the retention failures. */
  readonly requestedHours?: number;
  /** The shard (the first shard of a merge), for throughput and resharding failures. */
  readonly shardId?: string;
  /** The other shard of a merge. */
  readonly adjacentShardId?: string;
  /** SplitShard's hash key, and the shard's range. */
  readonly hashKey?: string;
  readonly startingHashKey?: string;
  readonly endingHashKey?: string;
  /** UpdateShardCount's target, and the mode asked for by UpdateStreamMode. */
  readonly targetShardCount?: number;
  readonly additionalShards?: number;
  readonly mode?: string;
  /** The consumer a request names, and the stream's ARN. */
  readonly consumer?: string;
  readonly streamArn?: string;
  /** The KMS key a request names, or the stream's (encryption at rest). */
  readonly keyId?: string;
}

function reshardMessage(f: Failure__Output, c: FailureContext): string {
  const stream = c.stream ?? "";
  switch (f.rule) {
    case "hash-key":
      return `NewStartingHashKey ${c.hashKey} used in SplitShard() on shard ${c.shardId} in stream ${stream} under account ${c.accountId} is not both greater than one plus the shard's StartingHashKey ${c.startingHashKey} and less than the shard's EndingHashKey ${c.endingHashKey}.`;
    case "not-adjacent":
      return `Shards ${c.shardId} and ${c.adjacentShardId} in stream ${stream} under account ${c.accountId} are not an adjacent pair of shards eligible for merging`;
    default: {
      const shard = /shard (\S+) is/.exec(f.detail)?.[1] ?? c.shardId;
      return `Shard ${shard} in stream ${stream} under account ${c.accountId} has already been merged or split, and thus is not eligible for merging or splitting.`;
    }
  }
}

function scalingMessage(f: Failure__Output, c: FailureContext): string {
  switch (f.rule) {
    case "double":
      return `UpdateShardCount cannot scale up over double your current open shard count. Current open shard count: ${f.current} Target shard count: ${c.targetShardCount}`;
    case "half":
      return `UpdateShardCount cannot scale down below half your current open shard count. Current open shard count: ${f.current} Target shard count: ${c.targetShardCount}`;
    case "stream-shards":
      return `UpdateShardCount cannot scale a stream to more than ${f.limit} shards. Target shard count: ${c.targetShardCount}`;
    case "per-day":
      return `Exceeded the limit of ${f.limit} UpdateShardCount calls per stream within a rolling 24-hour period for stream ${c.stream} under account ${c.accountId}.`;
    case "mode-per-day":
      return `Exceeded the limit of ${f.limit} capacity mode changes per stream within a rolling 24-hour period for stream ${c.stream} under account ${c.accountId}.`;
    default:
      return shardLimitMessage(c.accountId, c.region ?? "", Number(f.current), Number(f.limit), c.additionalShards ?? 0);
  }
}

export function notFoundMessage(accountId: string, stream: string): string {
  return `Stream ${stream} under account ${accountId} not found.`;
}

export function consumerNotFoundMessage(accountId: string, stream: string, consumer: string): string {
  return `Consumer ${consumer} under stream ${stream} under account ${accountId} not found.`;
}

export function notActiveMessage(accountId: string, stream: string, status: string): string {
  return `Stream ${stream} under account ${accountId} not ACTIVE, instead in state ${status}`;
}

/** LimitExceededException's text when a request would open more shards than the account may have. */
export function shardLimitMessage(accountId: string, region: string, open: number, limit: number, additional: number): string {
  return `This request would exceed the shard limit for the account ${accountId} in ${region}. Current shard count for the account: ${open}. Limit: ${limit}. Number of additional shards that would have resulted from this request: ${additional}.`;
}

export function rateExceededMessage(accountId: string, stream: string, shardId: string): string {
  return `Rate exceeded for shard ${shardId} in stream ${stream} under account ${accountId}.`;
}

/** The Kinesis error for a node's failure; unknown outcomes and bugs are InternalFailure. */
export function kinesisErrorOf(failure: Failure__Output, c: FailureContext): KinesisError {
  const stream = c.stream ?? "";
  switch (failure.code) {
    case "STREAM_NOT_FOUND":
      return resourceNotFound(notFoundMessage(c.accountId, stream));
    case "STREAM_EXISTS":
      return resourceInUse(`Stream ${stream} under account ${c.accountId} already exists.`);
    case "STREAM_NOT_ACTIVE":
      return resourceInUse(notActiveMessage(c.accountId, stream, c.status ?? "UPDATING"));
    case "TOO_MANY_TAGS":
      return limitExceeded(`Failed to add tags to stream ${stream} under account ${c.accountId} because a given stream cannot have more than ${failure.limit} tags.`);
    case "RETENTION_OUT_OF_RANGE":
      return invalidArgument(`Retention period hours ${c.requestedHours} must be between ${failure.limitLow} and ${failure.limit}`);
    case "RETENTION_SHORTER_THAN_CURRENT":
      return invalidArgument(
        `Requested retention period (${c.requestedHours} hours) for stream ${stream} can not be shorter than existing retention period (${failure.current} hours). Use DecreaseRetentionPeriod API.`,
      );
    case "RETENTION_LONGER_THAN_CURRENT":
      return invalidArgument(
        `Requested retention period (${c.requestedHours} hours) for stream ${stream} can not be longer than existing retention period (${failure.current} hours). Use IncreaseRetentionPeriod API.`,
      );
    case "OVERLOADED":
      return throughputExceeded(rateExceededMessage(c.accountId, stream, c.shardId ?? ""));
    case "SHARD_NOT_FOUND":
      return resourceNotFound(`Could not find shard ${c.shardId ?? ""} in stream ${stream} under account ${c.accountId}.`);
    case "INVALID_RESHARD":
      return invalidArgument(reshardMessage(failure, c));
    case "SCALING_LIMIT":
      return limitExceeded(scalingMessage(failure, c));
    case "WRONG_STREAM_MODE":
      if (failure.rule === "on-demand-only") return invalidArgument(`Warm throughput is supported only for streams in ON_DEMAND mode; stream ${stream} under account ${c.accountId} is in PROVISIONED mode.`);
      return failure.rule === "same-mode"
        ? invalidArgument(`Stream ${stream} under account ${c.accountId} is already in ${c.mode ?? "that"} mode.`)
        : invalidArgument(`This operation is not supported for stream ${stream} under account ${c.accountId} in ON_DEMAND mode.`);
    case "CONSUMER_NOT_FOUND":
      return resourceNotFound(consumerNotFoundMessage(c.accountId, stream, c.consumer ?? ""));
    case "CONSUMER_EXISTS":
      return resourceInUse(`Consumer ${c.consumer} under stream ${stream} already exists for account ${c.accountId}.`);
    case "TOO_MANY_CONSUMERS":
      return failure.rule === "creating"
        ? limitExceeded(`You can't have more than ${failure.limit} consumers in the CREATING state at any point in time for stream ${stream} under account ${c.accountId}.`)
        : limitExceeded(`Stream ${stream} under account ${c.accountId} already has the maximum of ${failure.limit} registered consumers.`);
    case "STREAM_HAS_CONSUMERS":
      return resourceInUse(
        `DeleteStream can't delete ${c.streamArn ?? stream} because there are consumers associated with this data stream. To delete ${stream} anyway, set the EnforceConsumerDeletion parameter to true to force the deletion of all the consumers that are associated with it.`,
      );
    case "KMS_NOT_FOUND":
      return kmsNotFound(`Key '${c.keyId ?? ""}' does not exist (stream ${stream} under account ${c.accountId}).`);
    case "KMS_DISABLED":
      return kmsDisabled(`Key '${c.keyId ?? ""}' is disabled (stream ${stream} under account ${c.accountId}).`);
    case "KMS_ACCESS_DENIED":
      return kmsAccessDenied(`The key protecting stream ${stream} under account ${c.accountId} cannot be used: it is not in the keyring, or does not open the stream's data key.`);
    case "CHANGE_LIMIT":
      if (failure.rule === "data-keys") return limitExceeded(`Stream ${stream} under account ${c.accountId} has been encrypted with ${failure.limit} different keys, the most it may hold.`);
      return limitExceeded(
        `Exceeded the limit of ${failure.limit} ${failure.rule === "encryption-stops" ? "StopStreamEncryption" : "StartStreamEncryption"} calls per stream within a rolling 24-hour period for stream ${stream} under account ${c.accountId}.`,
      );
    // GROUP_NOT_HOSTED: a node starting or catching up; the catalog, not a node, says whether a stream exists.
    case "GROUP_NOT_HOSTED":
    case "SHARD_CLOSED":
    case "SHARD_NOT_OPEN":
    case "NOT_A_MEMBER":
    case "NOT_STORED":
    case "OUTCOME_UNKNOWN":
    case "INVALID_REQUEST":
    case "REPLICA_BEHIND":
    case "INTERNAL":
      return internalFailure();
  }
}
