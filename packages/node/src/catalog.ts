/**
 * The catalog: the state machine of the meta group. Every control-plane
 * change is a command in the meta log (proto/catalog.proto); every node
 * applies the same commands in the same order and so holds the same catalog.
 *
 * `applyCommand` is deterministic and total: any time it needs comes inside
 * the command, and a command that cannot apply gives a Failure (the same on
 * every replica) instead of throwing. Lookups by name use Maps, never plain
 * objects, since names come from clients.
 */
import type { Catalog as WireCatalog, CatalogCommand__Output, Failure, FailureCode__Output, Stream as WireStream } from "@tributary/protocol";

export type StreamStatus = "CREATING" | "ACTIVE" | "DELETING" | "UPDATING";
export type StreamMode = "PROVISIONED" | "ON_DEMAND";

export interface ShardRecord {
  readonly shardId: string;
  readonly shardIndex: number;
  readonly groupId: number;
  /** The group's replica ids when it was created (its bootstrap voters). */
  readonly voters: readonly string[];
  readonly parentShardId: string;
  readonly adjacentParentShardId: string;
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
  readonly mode: StreamMode;
  readonly tags: Map<string, string>;
  maxRecordSizeKiB: number;
  readonly shards: ShardRecord[];
  nextShardIndex: number;
}

/** What applying a command gave: success (with the member's incarnation for SetMemberIncarnation), or a failure code. */
export type CommandResult = { readonly ok: true; readonly memberIncarnation?: number } | { readonly ok: false; readonly failure: Failure };

export const HASH_KEY_MAX = (1n << 128n) - 1n;
/** Kinesis' retention bounds, in hours. */
export const retentionHoursMin = 24;
export const retentionHoursMax = 8760;
/** Kinesis' bound on tags per stream. */
export const tagsPerStreamMax = 50;
/** Shards one CreateStream may ask for; far above any account's shard limit, it only keeps a command's work bounded. */
export const shardsPerStreamMax = 100_000;

export class Catalog {
  clusterId = "";
  region = "";
  accountId = "";
  /** Node name -> its current incarnation; replicas are "<name>.<incarnation>". */
  readonly members = new Map<string, number>();
  nextGroupId = 1;
  readonly streams = new Map<string, StreamRecord>();
  /** Signs shard iterators and NextTokens, so every gateway accepts what another issued and nobody can forge one. */
  iteratorSecret = "";

  /** Replica ids of the current members, sorted by node name. */
  memberReplicas(): string[] {
    return [...this.members.keys()].sort().map((name) => `${name}.${this.members.get(name)}`);
  }

  /** Every shard of every stream, with its stream. */
  *shards(): Iterable<{ stream: StreamRecord; shard: ShardRecord }> {
    for (const stream of this.streams.values()) for (const shard of stream.shards) yield { stream, shard };
  }

  /** The wire form (members and streams sorted, so equal catalogs encode equally). */
  toWire(): WireCatalog {
    return {
      clusterId: this.clusterId,
      region: this.region,
      accountId: this.accountId,
      members: [...this.members.keys()].sort().map((node) => ({ node, incarnation: this.members.get(node) })),
      nextGroupId: this.nextGroupId,
      streams: [...this.streams.keys()].sort().map((name) => streamToWire(this.streams.get(name) as StreamRecord)),
      iteratorSecret: this.iteratorSecret,
    };
  }

  static fromWire(w: {
    clusterId: string;
    region: string;
    accountId: string;
    members: { node: string; incarnation: number }[];
    nextGroupId: number;
    streams: {
      name: string;
      arn: string;
      status: StreamStatus;
      createdMs: number;
      retentionHours: number;
      mode: StreamMode;
      tags: { key: string; value: string }[];
      maxRecordSizeKib: number;
      shards: ShardRecord[];
      nextShardIndex: number;
    }[];
    iteratorSecret: string;
  }): Catalog {
    const c = new Catalog();
    c.clusterId = w.clusterId;
    c.region = w.region;
    c.accountId = w.accountId;
    for (const m of w.members) c.members.set(m.node, m.incarnation);
    c.nextGroupId = w.nextGroupId;
    for (const s of w.streams) {
      c.streams.set(s.name, {
        name: s.name,
        arn: s.arn,
        status: s.status,
        createdMs: s.createdMs,
        retentionHours: s.retentionHours,
        mode: s.mode,
        tags: new Map(s.tags.map((t) => [t.key, t.value])),
        maxRecordSizeKiB: s.maxRecordSizeKib,
        shards: s.shards.map((sh) => ({ ...sh, voters: [...sh.voters] })),
        nextShardIndex: s.nextShardIndex,
      });
    }
    c.iteratorSecret = w.iteratorSecret;
    return c;
  }
}

function streamToWire(s: StreamRecord): WireStream {
  return {
    name: s.name,
    arn: s.arn,
    status: s.status,
    createdMs: s.createdMs,
    retentionHours: s.retentionHours,
    mode: s.mode,
    tags: [...s.tags].map(([key, value]) => ({ key, value })),
    maxRecordSizeKib: s.maxRecordSizeKiB,
    shards: s.shards.map((sh) => ({ ...sh, voters: [...sh.voters] })),
    nextShardIndex: s.nextShardIndex,
  };
}

export function shardIdOf(index: number): string {
  return `shardId-${String(index).padStart(12, "0")}`;
}

export function streamArn(c: Catalog, name: string): string {
  return `arn:aws:kinesis:${c.region}:${c.accountId}:stream/${name}`;
}

/** Even split of the 128-bit hash key space, as Kinesis does it. */
export function hashRanges(count: number): { start: bigint; end: bigint }[] {
  const space = 1n << 128n;
  return Array.from({ length: count }, (_, i) => ({
    start: (space * BigInt(i)) / BigInt(count),
    end: i === count - 1 ? HASH_KEY_MAX : (space * BigInt(i + 1)) / BigInt(count) - 1n,
  }));
}

const ok: CommandResult = { ok: true };

function fail(code: FailureCode__Output, detail: string, bounds: { current?: number; limit?: number; limitLow?: number } = {}): CommandResult {
  return { ok: false, failure: { code, detail, ...bounds } };
}

const notFound = (name: string) => fail("STREAM_NOT_FOUND", `no stream ${name}`);

/** Applies one command. Mutates `c`; returns the result for whoever proposed it. Never throws. */
export function applyCommand(c: Catalog, cmd: CatalogCommand__Output): CommandResult {
  /** Runs `f` on the named stream, or answers that there is none. */
  const onStream = (name: string, f: (s: StreamRecord) => CommandResult): CommandResult => {
    const s = c.streams.get(name);
    return s ? f(s) : notFound(name);
  };
  const active = (s: StreamRecord, f: () => CommandResult): CommandResult => (s.status === "ACTIVE" ? f() : fail("STREAM_NOT_ACTIVE", `stream ${s.name} is ${s.status}`));
  switch (cmd.command) {
    case "initCluster": {
      const x = cmd.initCluster;
      if (!x) break;
      if (c.clusterId !== "") return ok;
      c.clusterId = x.clusterId;
      c.region = x.region;
      c.accountId = x.accountId;
      for (const m of x.members) c.members.set(m.node, m.incarnation);
      return ok;
    }
    case "createStream": {
      const x = cmd.createStream;
      if (!x) break;
      if (c.streams.has(x.name)) return fail("STREAM_EXISTS", `stream ${x.name} exists`);
      if (!Number.isInteger(x.shardCount) || x.shardCount < 1 || x.shardCount > shardsPerStreamMax) return fail("INVALID_REQUEST", `shard count ${x.shardCount} is outside 1..${shardsPerStreamMax}`);
      const voters = c.memberReplicas();
      const shards = hashRanges(x.shardCount).map((range, i) => ({
        shardId: shardIdOf(i),
        shardIndex: i,
        groupId: c.nextGroupId + i,
        voters,
        parentShardId: "",
        adjacentParentShardId: "",
        startingHashKey: range.start.toString(),
        endingHashKey: range.end.toString(),
        createdMs: x.nowMs,
      }));
      c.nextGroupId += x.shardCount;
      c.streams.set(x.name, {
        name: x.name,
        arn: streamArn(c, x.name),
        status: "CREATING",
        createdMs: x.nowMs,
        retentionHours: retentionHoursMin,
        mode: x.mode,
        tags: new Map(x.tags.map((t) => [t.key, t.value])),
        maxRecordSizeKiB: x.maxRecordSizeKib,
        shards,
        nextShardIndex: x.shardCount,
      });
      return ok;
    }
    case "activateStream":
      return onStream(cmd.activateStream?.name ?? "", (s) => {
        if (s.status === "CREATING" || s.status === "UPDATING") s.status = "ACTIVE";
        return ok;
      });
    case "deleteStream":
      return onStream(cmd.deleteStream?.name ?? "", (s) => {
        s.status = "DELETING";
        return ok;
      });
    case "dropStream":
      return onStream(cmd.dropStream?.name ?? "", (s) => {
        c.streams.delete(s.name);
        return ok;
      });
    case "setRetention": {
      const x = cmd.setRetention;
      if (!x) break;
      return onStream(x.name, (s) =>
        active(s, () => {
          if (x.hours < retentionHoursMin || x.hours > retentionHoursMax) return fail("RETENTION_OUT_OF_RANGE", `retention ${x.hours} h`, { limitLow: retentionHoursMin, limit: retentionHoursMax });
          if (x.change === "INCREASE" && x.hours < s.retentionHours) return fail("RETENTION_SHORTER_THAN_CURRENT", `retention ${x.hours} h`, { current: s.retentionHours });
          if (x.change === "DECREASE" && x.hours > s.retentionHours) return fail("RETENTION_LONGER_THAN_CURRENT", `retention ${x.hours} h`, { current: s.retentionHours });
          s.retentionHours = x.hours;
          return ok;
        }),
      );
    }
    case "addTags": {
      const x = cmd.addTags;
      if (!x) break;
      return onStream(x.name, (s) => {
        const merged = new Map(s.tags);
        for (const t of x.tags) merged.set(t.key, t.value);
        if (merged.size > tagsPerStreamMax) return fail("TOO_MANY_TAGS", `${merged.size} tags`, { limit: tagsPerStreamMax });
        for (const t of x.tags) s.tags.set(t.key, t.value);
        return ok;
      });
    }
    case "removeTags": {
      const x = cmd.removeTags;
      if (!x) break;
      return onStream(x.name, (s) => {
        for (const k of x.keys) s.tags.delete(k);
        return ok;
      });
    }
    case "setMaxRecordSize": {
      const x = cmd.setMaxRecordSize;
      if (!x) break;
      return onStream(x.name, (s) =>
        active(s, () => {
          s.maxRecordSizeKiB = x.kib;
          return ok;
        }),
      );
    }
    case "setIteratorSecret": {
      // Set once: changing it would invalidate every outstanding iterator.
      if (c.iteratorSecret === "") c.iteratorSecret = cmd.setIteratorSecret?.secret ?? "";
      return ok;
    }
    case "setMemberIncarnation": {
      const x = cmd.setMemberIncarnation;
      if (!x) break;
      const current = c.members.get(x.node);
      if (current === undefined) return fail("NOT_A_MEMBER", `${x.node} is not a member of the cluster`);
      if (x.incarnation <= current) return { ok: true, memberIncarnation: current };
      c.members.set(x.node, x.incarnation);
      return { ok: true, memberIncarnation: x.incarnation };
    }
    case undefined:
      break;
  }
  return fail("INVALID_REQUEST", "an empty or incomplete catalog command");
}
