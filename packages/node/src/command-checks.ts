/**
 * What a gateway may ask the meta group to do, checked before it is
 * proposed: only the commands a gateway sends (the others are the node's own
 * bookkeeping: cluster identity, members, the first iterator secret,
 * activations, drops) and the operator's rotation of the iterator secret, with the sizes, counts and types a gateway's own validation
 * guarantees. A command refused here never reaches the log; one that reaches
 * it and still cannot apply fails the same way on every replica (see
 * MetaGroup.applyEntry), it never stops a node.
 */
import { protocolLimits, shardLevelMetricNames } from "@tributary/protocol";
import type { CatalogCommand__Output, Tag__Output } from "@tributary/protocol";
import { shardsPerStreamMax, tagsPerStreamMax } from "./catalog.js";
import { HASH_KEY_MAX } from "./hash-keys.js";
import * as limits from "./limits.js";

const NAME = /^[a-zA-Z0-9_.-]{1,128}$/;
const HASH_KEY = /^(0|[1-9]\d{0,38})$/;

type Command = NonNullable<CatalogCommand__Output["command"]>;

/** The commands a gateway proposes. */
const fromGateways: ReadonlySet<Command> = new Set<Command>([
  "createStream",
  "deleteStream",
  "setRetention",
  "addTags",
  "removeTags",
  "setMaxRecordSize",
  "splitShard",
  "mergeShards",
  "updateShardCount",
  "updateStreamMode",
  "registerConsumer",
  "deregisterConsumer",
  "setShardLevelMetrics",
  "setBillingCommitment",
  "setWarmThroughput",
  "setResourcePolicy",
  "startStreamEncryption",
  "stopStreamEncryption",
  // Only a rotation, with a secret the node makes (gateway-api.ts); the operator's command sends it.
  "setIteratorSecret",
]);

const isName = (v: string | undefined) => v !== undefined && NAME.test(v);
const isCount = (v: number | undefined, min: number, max: number) => v !== undefined && Number.isInteger(v) && v >= min && v <= max;
const isHashKey = (v: string | undefined) => v !== undefined && HASH_KEY.test(v) && BigInt(v) <= HASH_KEY_MAX;
const tagsFit = (tags: readonly Tag__Output[]) => tags.length <= tagsPerStreamMax && tags.every((t) => t.key.length >= 1 && t.key.length <= 128 && t.value.length <= 256);

/** Why a gateway's command may not be proposed, or undefined when it may. */
export function commandProblem(cmd: CatalogCommand__Output): string | undefined {
  const kind = cmd.command;
  if (!kind) return "no catalog command";
  if (!fromGateways.has(kind)) return `${kind} is not a command a gateway may propose`;
  const x = cmd[kind] as { name?: string; stream?: string } | undefined;
  if (kind === "setIteratorSecret") return cmd.setIteratorSecret?.rotate ? undefined : "setIteratorSecret: only a rotation may be proposed";
  if (kind === "setBillingCommitment") return x && isCount(Number(cmd.setBillingCommitment?.minimumMs), 0, 366 * 24 * 3_600_000) ? undefined : "setBillingCommitment: no commitment period";
  if (!x || !isName(x.name ?? x.stream)) return `${kind}: the stream name is not a stream name`;
  switch (kind) {
    case "createStream": {
      const c = cmd.createStream;
      if (!c || !isCount(c.shardCount, 1, shardsPerStreamMax)) return `createStream: shard count ${c?.shardCount} is not an integer in 1..${shardsPerStreamMax}`;
      if (!isCount(c.maxRecordSizeKib, limits.recordSizeKibMin, limits.recordSizeKibMax)) return `createStream: max record size ${c.maxRecordSizeKib} KiB is outside ${limits.recordSizeKibMin}..${limits.recordSizeKibMax}`;
      if (!tagsFit(c.tags)) return "createStream: too many tags, or a tag too long";
      return undefined;
    }
    case "setShardLevelMetrics": {
      const metrics = cmd.setShardLevelMetrics?.metrics ?? [];
      return metrics.length >= 1 && metrics.length <= shardLevelMetricNames.length && metrics.every((m) => shardLevelMetricNames.includes(m)) ? undefined : "setShardLevelMetrics: not a list of shard-level metric names";
    }
    case "setResourcePolicy":
      return (cmd.setResourcePolicy?.policy.length ?? 0) <= limits.resourcePolicyBytesMax ? undefined : "setResourcePolicy: the policy is too long";
    case "setWarmThroughput":
      return isCount(cmd.setWarmThroughput?.mibps, 0, protocolLimits.warmThroughputMiBpsMax) ? undefined : `setWarmThroughput: ${cmd.setWarmThroughput?.mibps} MiB/s is outside 0..${protocolLimits.warmThroughputMiBpsMax}`;
    case "addTags":
      return tagsFit(cmd.addTags?.tags ?? []) ? undefined : "addTags: too many tags, or a tag too long";
    case "removeTags":
      return (cmd.removeTags?.keys.length ?? 0) <= tagsPerStreamMax ? undefined : "removeTags: too many keys";
    case "setMaxRecordSize":
      return isCount(cmd.setMaxRecordSize?.kib, limits.recordSizeKibMin, limits.recordSizeKibMax) ? undefined : `setMaxRecordSize: ${cmd.setMaxRecordSize?.kib} KiB is outside ${limits.recordSizeKibMin}..${limits.recordSizeKibMax}`;
    case "splitShard":
      if (cmd.splitShard?.internal) return "splitShard: only the cluster itself splits as part of a scaling";
      if (!isName(cmd.splitShard?.shardId)) return "splitShard: the shard id is not a shard id";
      return isHashKey(cmd.splitShard?.newStartingHashKey) ? undefined : `splitShard: ${cmd.splitShard?.newStartingHashKey} is not a hash key`;
    case "mergeShards":
      if (cmd.mergeShards?.internal) return "mergeShards: only the cluster itself merges as part of a scaling";
      return isName(cmd.mergeShards?.shardId) && isName(cmd.mergeShards?.adjacentShardId) ? undefined : "mergeShards: a shard id is not a shard id";
    case "updateShardCount":
      return isCount(cmd.updateShardCount?.targetShardCount, 1, shardsPerStreamMax) ? undefined : `updateShardCount: target ${cmd.updateShardCount?.targetShardCount} is not an integer in 1..${shardsPerStreamMax}`;
    case "registerConsumer":
    case "deregisterConsumer": {
      const consumer = kind === "registerConsumer" ? cmd.registerConsumer?.consumer : cmd.deregisterConsumer?.consumer;
      return isName(consumer) ? undefined : `${kind}: the consumer name is not a consumer name`;
    }
    case "startStreamEncryption": {
      const keyId = cmd.startStreamEncryption?.keyId ?? "";
      return keyId.length >= 1 && keyId.length <= 2048 ? undefined : "startStreamEncryption: the KeyId is not 1..2048 characters";
    }
    default:
      return undefined;
  }
}
