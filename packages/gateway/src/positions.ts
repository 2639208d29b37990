/**
 * Positions in a shard's log: where a read starts for each starting
 * position type (GetShardIterator's iterator types, SubscribeToShard's
 * StartingPosition), and the sequence number that stands for a position
 * (SubscribeToShard's ContinuationSequenceNumber when no record marks it).
 * A position is a log index and a record offset in that entry.
 */
import { offsetsPerEntryMax, parseSequenceNumber, sequenceNumber } from "@tributary/protocol";
import type { CatalogView, ShardView, StreamView } from "./catalog-view.js";
import type { ClusterClient } from "./cluster-client.js";
import { invalidArgument } from "./errors.js";

export interface Position {
  readonly index: number;
  readonly offset: number;
}

/** Past any real log index: a read from here returns no records and the applied index. */
const beyondEnd = Number.MAX_SAFE_INTEGER;

/** The largest arrival time a sequence number holds (9 hex digits): a position's number sorts after the record before it. */
const arrivalSMax = 0xfffffffff;

export interface StartingPosition {
  readonly type: string;
  readonly sequenceNumber?: string | undefined;
  readonly timestamp?: Date | undefined;
  /** Now, in ms: AT_TIMESTAMP may not be later. */
  readonly nowMs: number;
}

/** Where reading starts. `field` names the sequence number's parameter in errors. */
export async function startingPosition(cluster: ClusterClient, catalog: CatalogView, stream: StreamView, shard: ShardView, start: StartingPosition, operation: string, field: string): Promise<Position> {
  switch (start.type) {
    case "TRIM_HORIZON":
      return { index: 1, offset: 0 };
    case "LATEST": {
      const tip = await cluster.read(shard.groupId, beyondEnd, 0, 1, 1);
      return { index: tip.appliedIndex + 1, offset: 0 };
    }
    case "AT_SEQUENCE_NUMBER":
    case "AFTER_SEQUENCE_NUMBER": {
      const seq = start.sequenceNumber;
      if (seq === undefined) throw invalidArgument(operation === "GetShardIterator" ? combinationMessage(start.type, false) : `Must specify ${field} for ${start.type} iterator.`);
      const parts = parseSequenceNumber(seq);
      if (!parts) throw invalidArgument(`${field} ${seq} used in ${operation} on shard ${shard.shardId} in stream ${stream.name} under account ${catalog.accountId} is invalid.`);
      if (parts.shardIndex !== shard.shardIndex) {
        throw invalidArgument(`Invalid ${field}. It encodes ${"shardId-" + String(parts.shardIndex).padStart(12, "0")}, while it was used in a call to a shard with ${shard.shardId}`);
      }
      if (parts.shardCreatedS !== Math.floor(shard.createdMs / 1000)) {
        throw invalidArgument(`${field} ${seq} used in ${operation} on shard ${shard.shardId} in stream ${stream.name} under account ${catalog.accountId} is invalid because it did not come from this stream.`);
      }
      if (parts.logIndex === 0) return { index: 1, offset: 0 };
      return { index: parts.logIndex, offset: parts.offset + (start.type === "AFTER_SEQUENCE_NUMBER" ? 1 : 0) };
    }
    case "AT_TIMESTAMP": {
      const ts = start.timestamp;
      if (ts === undefined) throw invalidArgument("Must specify timestampInMillis parameter for iterator of type AT_TIMESTAMP. Current request has no timestamp parameter.");
      if (ts.getTime() > start.nowMs) {
        throw invalidArgument(`The timestampInMillis parameter cannot be greater than the currentTimestampInMillis. timestampInMillis: ${ts.getTime()}, currentTimestampInMillis: ${start.nowMs}`);
      }
      return { index: await cluster.seek(shard.groupId, ts.getTime()), offset: 0 };
    }
    default:
      throw invalidArgument(`Unknown starting position type ${start.type}.`);
  }
}

/** AWS's words for a GetShardIterator whose type and StartingSequenceNumber do not go together. */
export function combinationMessage(type: string, withSequenceNumber: boolean): string {
  return `Must either specify (1) AT_SEQUENCE_NUMBER or AFTER_SEQUENCE_NUMBER and StartingSequenceNumber or (2) TRIM_HORIZON or LATEST and no StartingSequenceNumber. Request specified ${type} and ${withSequenceNumber ? "also a" : "no"} StartingSequenceNumber.`;
}

/**
 * The sequence number that stands for a position: AFTER_SEQUENCE_NUMBER of
 * it starts there again. It is the (possibly unused) place just before the
 * position, and sorts after every record before the position.
 */
export function positionSequenceNumber(shard: ShardView, p: Position): string {
  const createdS = Math.floor(shard.createdMs / 1000);
  const place = p.offset > 0 ? { logIndex: p.index, offset: p.offset - 1 } : { logIndex: Math.max(p.index - 1, 0), offset: offsetsPerEntryMax - 1 };
  return sequenceNumber({ shardCreatedS: createdS, shardIndex: shard.shardIndex, ...place, arrivalS: arrivalSMax });
}
