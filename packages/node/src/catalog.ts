/**
 * The catalog: the state machine of the meta group. Every control-plane
 * change is a command in the meta log; every node applies the same commands
 * in the same order and so holds the same catalog. `applyCommand` is pure
 * and deterministic: any time it needs comes inside the command.
 */

export type StreamStatus = "CREATING" | "ACTIVE" | "DELETING" | "UPDATING";
export type StreamMode = "PROVISIONED" | "ON_DEMAND";

export interface ShardRecord {
  readonly shardId: string;
  readonly shardIndex: number;
  readonly groupId: number;
  /** The group's replica ids when it was created (its bootstrap voters). */
  readonly voters: readonly string[];
  readonly parentShardId?: string;
  readonly adjacentParentShardId?: string;
  readonly startingHashKey: string;
  readonly endingHashKey: string;
  readonly createdMs: number;
}

export interface StreamRecord {
  readonly name: string;
  readonly arn: string;
  status: StreamStatus;
  readonly createdMs: number;
  retentionHours: number;
  mode: StreamMode;
  tags: Record<string, string>;
  maxRecordSizeKiB: number;
  shards: ShardRecord[];
  nextShardIndex: number;
}

export interface Catalog {
  clusterId: string;
  region: string;
  accountId: string;
  /** Node name -> its current incarnation; replicas are "<name>.<incarnation>". */
  members: Record<string, number>;
  nextGroupId: number;
  streams: Record<string, StreamRecord>;
  /** Signs shard iterators and NextTokens, so every gateway accepts what another issued and nobody can forge one. */
  iteratorSecret: string;
}

export type CatalogCommand =
  | { type: "InitCluster"; clusterId: string; region: string; accountId: string; members: Record<string, number> }
  | { type: "CreateStream"; name: string; shardCount: number; mode: StreamMode; tags: Record<string, string>; maxRecordSizeKiB: number; nowMs: number }
  | { type: "ActivateStream"; name: string }
  | { type: "DeleteStream"; name: string; enforceConsumerDeletion: boolean }
  | { type: "DropStream"; name: string }
  | { type: "SetRetention"; name: string; hours: number; direction: "increase" | "decrease" }
  | { type: "AddTags"; name: string; tags: Record<string, string> }
  | { type: "RemoveTags"; name: string; keys: string[] }
  | { type: "SetMaxRecordSize"; name: string; kib: number }
  | { type: "SetMemberIncarnation"; node: string; incarnation: number }
  | { type: "SetIteratorSecret"; secret: string };

/** The outcome of a command: a result for the proposer, or an AWS-shaped error. */
export type CommandResult = { ok: true; value?: unknown } | { ok: false; code: string; message: string };

export const HASH_KEY_MAX = (1n << 128n) - 1n;
export const retentionHoursMin = 24;
export const retentionHoursMax = 8760;
export const tagsPerStreamMax = 50;

export function emptyCatalog(): Catalog {
  return { clusterId: "", region: "", accountId: "", members: {}, nextGroupId: 1, streams: {}, iteratorSecret: "" };
}

export function shardIdOf(index: number): string {
  return `shardId-${String(index).padStart(12, "0")}`;
}

export function streamArn(c: Catalog, name: string): string {
  return `arn:aws:kinesis:${c.region}:${c.accountId}:stream/${name}`;
}

/** Replica ids of the current members, sorted by node name. */
export function memberReplicas(c: Catalog): string[] {
  return Object.keys(c.members)
    .sort()
    .map((name) => `${name}.${c.members[name]}`);
}

/** Even split of the 128-bit hash key space, as Kinesis does it. */
export function hashRanges(count: number): { start: bigint; end: bigint }[] {
  const space = 1n << 128n;
  return Array.from({ length: count }, (_, i) => ({
    start: (space * BigInt(i)) / BigInt(count),
    end: i === count - 1 ? HASH_KEY_MAX : (space * BigInt(i + 1)) / BigInt(count) - 1n,
  }));
}

const notFound = (c: Catalog, name: string): CommandResult => ({
  ok: false,
  code: "ResourceNotFoundException",
  message: `Stream ${name} under account ${c.accountId} not found.`,
});

/** Applies one command. Mutates `c`; returns the result for whoever proposed it. */
export function applyCommand(c: Catalog, cmd: CatalogCommand): CommandResult {
  switch (cmd.type) {
    case "InitCluster": {
      if (c.clusterId !== "") return { ok: true };
      c.clusterId = cmd.clusterId;
      c.region = cmd.region;
      c.accountId = cmd.accountId;
      c.members = { ...cmd.members };
      return { ok: true };
    }
    case "CreateStream": {
      if (c.streams[cmd.name]) return { ok: false, code: "ResourceInUseException", message: `Stream ${cmd.name} under account ${c.accountId} already exists.` };
      const voters = memberReplicas(c);
      const shards = hashRanges(cmd.shardCount).map((range, i) => ({
        shardId: shardIdOf(i),
        shardIndex: i,
        groupId: c.nextGroupId + i,
        voters,
        startingHashKey: range.start.toString(),
        endingHashKey: range.end.toString(),
        createdMs: cmd.nowMs,
      }));
      c.nextGroupId += cmd.shardCount;
      c.streams[cmd.name] = {
        name: cmd.name,
        arn: streamArn(c, cmd.name),
        status: "CREATING",
        createdMs: cmd.nowMs,
        retentionHours: retentionHoursMin,
        mode: cmd.mode,
        tags: { ...cmd.tags },
        maxRecordSizeKiB: cmd.maxRecordSizeKiB,
        shards,
        nextShardIndex: cmd.shardCount,
      };
      return { ok: true };
    }
    case "ActivateStream": {
      const s = c.streams[cmd.name];
      if (!s) return notFound(c, cmd.name);
      if (s.status === "CREATING" || s.status === "UPDATING") s.status = "ACTIVE";
      return { ok: true };
    }
    case "DeleteStream": {
      const s = c.streams[cmd.name];
      if (!s) return notFound(c, cmd.name);
      s.status = "DELETING";
      return { ok: true };
    }
    case "DropStream": {
      if (!c.streams[cmd.name]) return notFound(c, cmd.name);
      delete c.streams[cmd.name];
      return { ok: true };
    }
    case "SetRetention": {
      const s = c.streams[cmd.name];
      if (!s) return notFound(c, cmd.name);
      if (s.status !== "ACTIVE") return { ok: false, code: "ResourceInUseException", message: `Stream ${cmd.name} under account ${c.accountId} not ACTIVE, instead in state ${s.status}` };
      if (cmd.hours < retentionHoursMin || cmd.hours > retentionHoursMax) {
        return { ok: false, code: "InvalidArgumentException", message: `Retention period hours ${cmd.hours} must be between ${retentionHoursMin} and ${retentionHoursMax}` };
      }
      if (cmd.direction === "increase" && cmd.hours < s.retentionHours) {
        return { ok: false, code: "InvalidArgumentException", message: `Requested retention period (${cmd.hours} hours) for stream ${cmd.name} can not be shorter than existing retention period (${s.retentionHours} hours). Use DecreaseRetentionPeriod API.` };
      }
      if (cmd.direction === "decrease" && cmd.hours > s.retentionHours) {
        return { ok: false, code: "InvalidArgumentException", message: `Requested retention period (${cmd.hours} hours) for stream ${cmd.name} can not be longer than existing retention period (${s.retentionHours} hours). Use IncreaseRetentionPeriod API.` };
      }
      s.retentionHours = cmd.hours;
      return { ok: true };
    }
    case "AddTags": {
      const s = c.streams[cmd.name];
      if (!s) return notFound(c, cmd.name);
      const merged = { ...s.tags, ...cmd.tags };
      if (Object.keys(merged).length > tagsPerStreamMax) {
        return { ok: false, code: "LimitExceededException", message: `Failed to add tags to stream ${cmd.name} under account ${c.accountId} because a given stream cannot have more than ${tagsPerStreamMax} tags.` };
      }
      s.tags = merged;
      return { ok: true };
    }
    case "RemoveTags": {
      const s = c.streams[cmd.name];
      if (!s) return notFound(c, cmd.name);
      for (const k of cmd.keys) delete s.tags[k];
      return { ok: true };
    }
    case "SetMaxRecordSize": {
      const s = c.streams[cmd.name];
      if (!s) return notFound(c, cmd.name);
      if (s.status !== "ACTIVE") return { ok: false, code: "ResourceInUseException", message: `Stream ${cmd.name} under account ${c.accountId} not ACTIVE, instead in state ${s.status}` };
      s.maxRecordSizeKiB = cmd.kib;
      return { ok: true };
    }
    case "SetIteratorSecret": {
      // Set once: changing it would invalidate every outstanding iterator.
      if (c.iteratorSecret === "") c.iteratorSecret = cmd.secret;
      return { ok: true };
    }
    case "SetMemberIncarnation": {
      const current = c.members[cmd.node];
      if (current === undefined) return { ok: false, code: "InvalidArgumentException", message: `${cmd.node} is not a member of the cluster` };
      if (cmd.incarnation <= current) return { ok: true, value: { incarnation: current } };
      c.members[cmd.node] = cmd.incarnation;
      return { ok: true, value: { incarnation: cmd.incarnation } };
    }
  }
}

/** Every shard group of the catalog, with its stream. */
export function allShards(c: Catalog): { stream: StreamRecord; shard: ShardRecord }[] {
  const out: { stream: StreamRecord; shard: ShardRecord }[] = [];
  for (const stream of Object.values(c.streams)) for (const shard of stream.shards) out.push({ stream, shard });
  return out;
}
