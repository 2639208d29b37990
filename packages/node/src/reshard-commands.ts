/**
 * The catalog commands of resharding. A split or merge is a sequence of
 * steps, each one command, each idempotent, so a crash between any two
 * leaves a stream whose catalog says how to go on:
 *
 *   SplitShard / MergeShards   the parents turn SEALING, the children are
 *                              created PENDING (their groups start on every
 *                              node), the stream is UPDATING
 *   (the parents' seal entries commit in their own logs)
 *   ShardSealed, per parent    the parent is CLOSED with its ending sequence
 *                              number; once every parent of a reshard is,
 *                              its children are OPEN
 *
 * UpdateShardCount records a target; the meta leader then proposes internal
 * splits and merges until the open shards tile the target evenly, and
 * FinishScaling. A stream returns to ACTIVE when nothing is under way.
 */
import type { CatalogCommand__Output } from "@tributary/protocol";
import type { Catalog, CommandResult, ShardRecord, StreamRecord } from "./catalog.js";
import { fail, newShard, ok, openShards, recent } from "./catalog.js";
import { HASH_KEY_MAX } from "./hash-keys.js";

/** AWS's bounds on UpdateShardCount and UpdateStreamMode. */
export const scalingsPer24HoursMax = 10;
export const streamModeChangesPer24HoursMax = 2;
export const shardsPerStreamScalingMax = 10_000;

const hashKeyPattern = /^(0|[1-9]\d{0,38})$/;

/** The stream becomes ACTIVE again when no reshard or scaling is under way. */
function settle(s: StreamRecord): void {
  if (s.status === "UPDATING" && s.reshards.length === 0 && s.targetShardCount === 0) s.status = "ACTIVE";
}

/** Whether a client (not the cluster's own scaling) may reshard now. */
function reshardable(s: StreamRecord, internal: boolean): CommandResult | undefined {
  if (s.mode !== "PROVISIONED" && !internal) return fail("WRONG_STREAM_MODE", `stream ${s.name} is ${s.mode}`);
  if (internal ? s.status !== "ACTIVE" && s.status !== "UPDATING" : s.status !== "ACTIVE") return fail("STREAM_NOT_ACTIVE", `stream ${s.name} is ${s.status}`);
  return undefined;
}

function openShard(s: StreamRecord, shardId: string): ShardRecord | CommandResult {
  const shard = s.shards.find((x) => x.shardId === shardId);
  if (!shard) return fail("SHARD_NOT_FOUND", `no shard ${shardId} in stream ${s.name}`);
  if (shard.state !== "OPEN") return fail("INVALID_RESHARD", `shard ${shardId} is ${shard.state}`, { rule: "not-eligible" });
  return shard;
}

const isShard = (x: ShardRecord | CommandResult): x is ShardRecord => "shardId" in x;

export function applyReshardCommand(c: Catalog, cmd: CatalogCommand__Output, onStream: (name: string, f: (s: StreamRecord) => CommandResult) => CommandResult): CommandResult {
  switch (cmd.command) {
    case "splitShard": {
      const x = cmd.splitShard;
      if (!x) break;
      return onStream(x.name, (s) => {
        const refused = reshardable(s, x.internal);
        if (refused) return refused;
        const parent = openShard(s, x.shardId);
        if (!isShard(parent)) return parent;
        if (!hashKeyPattern.test(x.newStartingHashKey)) return fail("INVALID_REQUEST", `hash key ${x.newStartingHashKey}`);
        const key = BigInt(x.newStartingHashKey);
        const start = BigInt(parent.startingHashKey);
        const end = BigInt(parent.endingHashKey);
        // A client's split leaves each child at least two hash keys (as AWS requires); the cluster's own only a non-empty range.
        const fits = x.internal ? key > start && key <= end : key > start + 1n && key < end;
        if (!fits) return fail("INVALID_RESHARD", `hash key ${key} outside ${start}..${end}`, { rule: "hash-key" });
        const lower = newShard(c, s, { start, end: key - 1n }, x.nowMs, "PENDING", [parent.shardId]);
        const upper = newShard(c, s, { start: key, end }, x.nowMs, "PENDING", [parent.shardId]);
        parent.state = "SEALING";
        s.shards.push(lower, upper);
        s.reshards.push({ parents: [parent.shardId], children: [lower.shardId, upper.shardId] });
        s.status = "UPDATING";
        return ok;
      });
    }
    case "mergeShards": {
      const x = cmd.mergeShards;
      if (!x) break;
      return onStream(x.name, (s) => {
        const refused = reshardable(s, x.internal);
        if (refused) return refused;
        const a = openShard(s, x.shardId);
        if (!isShard(a)) return a;
        const b = openShard(s, x.adjacentShardId);
        if (!isShard(b)) return b;
        const [low, high] = BigInt(a.startingHashKey) < BigInt(b.startingHashKey) ? [a, b] : [b, a];
        if (a === b || BigInt(low.endingHashKey) + 1n !== BigInt(high.startingHashKey)) return fail("INVALID_RESHARD", `${a.shardId} and ${b.shardId} are not adjacent`, { rule: "not-adjacent" });
        const child = newShard(c, s, { start: BigInt(low.startingHashKey), end: BigInt(high.endingHashKey) }, x.nowMs, "PENDING", [a.shardId, b.shardId]);
        a.state = "SEALING";
        b.state = "SEALING";
        s.shards.push(child);
        s.reshards.push({ parents: [a.shardId, b.shardId], children: [child.shardId] });
        s.status = "UPDATING";
        return ok;
      });
    }
    case "shardSealed": {
      const x = cmd.shardSealed;
      if (!x) break;
      return onStream(x.name, (s) => {
        const shard = s.shards.find((sh) => sh.shardId === x.shardId);
        if (!shard) return fail("SHARD_NOT_FOUND", `no shard ${x.shardId} in stream ${s.name}`);
        if (shard.state === "CLOSED") return ok;
        if (shard.state !== "SEALING") return fail("INVALID_RESHARD", `shard ${x.shardId} is ${shard.state}`, { rule: "not-sealing" });
        shard.state = "CLOSED";
        shard.sealIndex = x.sealIndex;
        shard.endingSequenceNumber = x.endingSequenceNumber;
        shard.sealedMs = x.sealedMs;
        const byId = new Map(s.shards.map((sh) => [sh.shardId, sh]));
        s.reshards = s.reshards.filter((r) => {
          if (!r.parents.every((p) => byId.get(p)?.state === "CLOSED")) return true;
          for (const id of r.children) {
            const child = byId.get(id);
            if (child?.state === "PENDING") child.state = "OPEN";
          }
          return false;
        });
        settle(s);
        return ok;
      });
    }
    case "updateShardCount": {
      const x = cmd.updateShardCount;
      if (!x) break;
      return onStream(x.name, (s) => {
        if (s.mode !== "PROVISIONED") return fail("WRONG_STREAM_MODE", `stream ${s.name} is ${s.mode}`);
        if (s.status !== "ACTIVE") return fail("STREAM_NOT_ACTIVE", `stream ${s.name} is ${s.status}`);
        const current = openShards(s).length;
        const target = x.targetShardCount;
        const scalings = recent(s.scalingsMs, x.nowMs);
        if (target > current * 2) return fail("SCALING_LIMIT", `${current} -> ${target}`, { rule: "double", current, limit: current * 2 });
        if (target * 2 < current) return fail("SCALING_LIMIT", `${current} -> ${target}`, { rule: "half", current, limit: Math.ceil(current / 2) });
        if (target > shardsPerStreamScalingMax) return fail("SCALING_LIMIT", `${target} shards`, { rule: "stream-shards", current, limit: shardsPerStreamScalingMax });
        if (scalings.length >= scalingsPer24HoursMax) return fail("SCALING_LIMIT", `${scalings.length} scalings in 24 h`, { rule: "per-day", current: scalings.length, limit: scalingsPer24HoursMax });
        let accountOpen = 0;
        for (const other of c.streams.values()) accountOpen += openShards(other).length;
        if (x.shardLimit > 0 && accountOpen - current + target > x.shardLimit) return fail("SCALING_LIMIT", `${accountOpen} open shards`, { rule: "shard-limit", current: accountOpen, limit: x.shardLimit });
        s.scalingsMs = [...scalings, x.nowMs];
        if (target === current) return ok;
        s.targetShardCount = target;
        s.status = "UPDATING";
        return ok;
      });
    }
    case "finishScaling":
      return onStream(cmd.finishScaling?.name ?? "", (s) => {
        s.targetShardCount = 0;
        settle(s);
        return ok;
      });
    case "updateStreamMode": {
      const x = cmd.updateStreamMode;
      if (!x) break;
      return onStream(x.name, (s) => {
        if (s.status !== "ACTIVE") return fail("STREAM_NOT_ACTIVE", `stream ${s.name} is ${s.status}`);
        if (s.mode === x.mode) return fail("WRONG_STREAM_MODE", `stream ${s.name} is ${s.mode} already`, { rule: "same-mode" });
        const changes = recent(s.modeChangesMs, x.nowMs);
        if (changes.length >= streamModeChangesPer24HoursMax) return fail("SCALING_LIMIT", `${changes.length} mode changes in 24 h`, { rule: "mode-per-day", current: changes.length, limit: streamModeChangesPer24HoursMax });
        s.modeChangesMs = [...changes, x.nowMs];
        s.mode = x.mode;
        // UPDATING while the change takes effect; the meta leader activates it in its next round.
        s.status = "UPDATING";
        return ok;
      });
    }
    case "dropShard": {
      const x = cmd.dropShard;
      if (!x) break;
      return onStream(x.name, (s) => {
        const shard = s.shards.find((sh) => sh.shardId === x.shardId);
        if (!shard) return ok;
        if (shard.state !== "CLOSED") return fail("INVALID_RESHARD", `shard ${x.shardId} is ${shard.state}`, { rule: "not-closed" });
        s.shards = s.shards.filter((sh) => sh !== shard);
        return ok;
      });
    }
    default:
      break;
  }
  return fail("INVALID_REQUEST", "an empty or incomplete catalog command");
}

/**
 * The shards that own their hash keys now: the open ones, the sealing ones,
 * and the closed parents of a reshard still under way (their children are
 * PENDING until every parent is sealed: until then, a record for those keys
 * waits). They tile the key space without gap or overlap after every command.
 */
export function owningShards(s: StreamRecord): ShardRecord[] {
  const inTransition = new Set(s.reshards.flatMap((r) => r.parents));
  return s.shards.filter((sh) => sh.state === "OPEN" || sh.state === "SEALING" || (sh.state === "CLOSED" && inTransition.has(sh.shardId)));
}

/** Whether the owning shards of a stream tile the whole key space without gap or overlap (an invariant after every command). */
export function tilesKeySpace(s: StreamRecord): boolean {
  const open = owningShards(s)
    .map((sh) => ({ start: BigInt(sh.startingHashKey), end: BigInt(sh.endingHashKey) }))
    .sort((a, b) => (a.start < b.start ? -1 : 1));
  let next = 0n;
  for (const r of open) {
    if (r.start !== next) return false;
    next = r.end + 1n;
  }
  return next === HASH_KEY_MAX + 1n;
}
