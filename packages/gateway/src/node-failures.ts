/**
 * The one place where a node's failure codes (proto/failure.proto) become
 * the Kinesis errors AWS gives, worded as AWS words them. Nodes never word
 * client-facing errors; what a failure lacks (the stream's name, the
 * account, what was asked), the request and the catalog supply.
 */
import type { Failure__Output } from "@tributary/protocol";
import type { KinesisError } from "./errors.js";
import { internalFailure, invalidArgument, limitExceeded, resourceInUse, resourceNotFound, throughputExceeded } from "./errors.js";

/** What the request was about. */
export interface FailureContext {
  readonly accountId: string;
  readonly stream?: string;
  /** The stream's state, for "not ACTIVE" (from the catalog). */
  readonly status?: string;
  /** The retention period asked for, for the retention failures. */
  readonly requestedHours?: number;
  /** The shard, for throughput failures. */
  readonly shardId?: string;
}

export function notFoundMessage(accountId: string, stream: string): string {
  return `Stream ${stream} under account ${accountId} not found.`;
}

export function notActiveMessage(accountId: string, stream: string, status: string): string {
  return `Stream ${stream} under account ${accountId} not ACTIVE, instead in state ${status}`;
}

export function rateExceededMessage(accountId: string, stream: string, shardId: string): string {
  return `Rate exceeded for shard ${shardId} in stream ${stream} under account ${accountId}.`;
}

/** The Kinesis error for a node's failure; unknown outcomes and bugs are InternalFailure. */
export function kinesisErrorOf(failure: Failure__Output, c: FailureContext): KinesisError {
  const stream = c.stream ?? "";
  switch (failure.code) {
    case "STREAM_NOT_FOUND":
    case "GROUP_NOT_HOSTED":
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
    case "NOT_A_MEMBER":
    case "NOT_STORED":
    case "OUTCOME_UNKNOWN":
    case "INVALID_REQUEST":
    case "INTERNAL":
      return internalFailure();
  }
}
