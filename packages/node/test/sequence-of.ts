/** Node tests' view of a record's identity: the sequence number the gateway renders from its place. */
import { sequenceNumber } from "@tributary/protocol";

/**
 * The sequence number of record `offset` of entry `index` of `group`, as the
 * gateway renders it (the shard's creation time fixed at 0: these tests check
 * order and identity, which the place alone decides).
 */
export function sequenceOf(group: number, index: number, offset: number, arrivalMs: number): string {
  return sequenceNumber({ shardCreatedS: 0, shardIndex: group, logIndex: Number(index), offset, arrivalS: Math.floor(Number(arrivalMs) / 1000) });
}
