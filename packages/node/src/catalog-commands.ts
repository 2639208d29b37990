/**
 * Applying catalog commands: the meta group's state machine. Every
 * control-plane change is a command in the meta log (proto/catalog.proto);
 * every node applies the same commands in the same order and so holds the
 * same catalog.
 *
 * `applyCommand` is deterministic and total: any time it needs comes inside
 * the command, and a command that cannot apply gives a Failure (the same on
 * every replica) instead of throwing. Every command is idempotent: applied
 * twice, it leaves the catalog as applied once.
 */
import { shardLevelMetricNames } from "@tributary/protocol";
import type { CatalogCommand__Output } from "@tributary/protocol";
import type { Catalog, CommandResult, StreamRecord } from "./catalog.js";
import { fail, newShard, notFound, ok, openShards, recent, retentionHoursMax, retentionHoursMin, shardsPerStreamMax, streamArn, tagsPerStreamMax } from "./catalog.js";
import * as limits from "./limits.js";
import { hashRanges } from "./hash-keys.js";
import { applyConsumerCommand } from "./consumer-commands.js";
import { applyReshardCommand } from "./reshard-commands.js";

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
      if (x.shardLimit > 0) {
        let accountOpen = 0;
        for (const other of c.streams.values()) accountOpen += openShards(other).length;
        if (accountOpen + x.shardCount > x.shardLimit) return fail("SCALING_LIMIT", `${accountOpen} open shards`, { rule: "shard-limit", current: accountOpen, limit: x.shardLimit });
      }
      const stream: StreamRecord = {
        name: x.name,
        arn: streamArn(c, x.name),
        status: "CREATING",
        createdMs: x.nowMs,
        retentionHours: retentionHoursMin,
        mode: x.mode,
        tags: new Map(x.tags.map((t) => [t.key, t.value])),
        maxRecordSizeKiB: x.maxRecordSizeKib,
        shards: [],
        nextShardIndex: 0,
        reshards: [],
        targetShardCount: 0,
        scalingsMs: [],
        modeChangesMs: [],
        consumers: [],
        shardLevelMetrics: [],
        warmThroughputMiBps: 0,
        resourcePolicy: "",
        keyId: "",
        dataKey: 0,
        dataKeys: [],
        encryptionStartsMs: [],
        encryptionStopsMs: [],
      };
      stream.shards = hashRanges(x.shardCount).map((range) => newShard(c, stream, range, x.nowMs, "OPEN"));
      c.streams.set(x.name, stream);
      return ok;
    }
    case "activateStream":
      return onStream(cmd.activateStream?.name ?? "", (s) => {
        // A stream being resharded or scaled stays UPDATING until that is done.
        if ((s.status === "CREATING" || s.status === "UPDATING") && s.reshards.length === 0 && s.targetShardCount === 0) s.status = "ACTIVE";
        return ok;
      });
    case "deleteStream":
      return onStream(cmd.deleteStream?.name ?? "", (s) => {
        if (s.consumers.length > 0 && !cmd.deleteStream?.enforceConsumerDeletion) return fail("STREAM_HAS_CONSUMERS", `stream ${s.name} has ${s.consumers.length} consumers`);
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
    case "setShardLevelMetrics": {
      const x = cmd.setShardLevelMetrics;
      if (!x) break;
      return onStream(x.name, (s) =>
        active(s, () => {
          const now = new Set(s.shardLevelMetrics);
          for (const m of x.metrics) {
            if (x.enable) now.add(m);
            else now.delete(m);
          }
          s.shardLevelMetrics = shardLevelMetricNames.filter((m) => now.has(m));
          return ok;
        }),
      );
    }
    case "setBillingCommitment": {
      const x = cmd.setBillingCommitment;
      if (!x) break;
      const b = c.billingCommitment;
      const now = Number(x.nowMs);
      // A disable requested earlier takes effect once its time has come, before this command.
      if (b.enabled && b.disableRequested && now >= b.earliestEndMs) c.billingCommitment = { ...b, enabled: false, endedMs: b.earliestEndMs, disableRequested: false };
      const cur = c.billingCommitment;
      if (x.enable) {
        c.billingCommitment = cur.enabled ? { ...cur, disableRequested: false } : { enabled: true, startedMs: now, earliestEndMs: now + Number(x.minimumMs), endedMs: 0, disableRequested: false };
      } else if (cur.enabled) {
        c.billingCommitment = now >= cur.earliestEndMs ? { ...cur, enabled: false, endedMs: now, disableRequested: false } : { ...cur, disableRequested: true };
      }
      return ok;
    }
    case "setResourcePolicy": {
      const x = cmd.setResourcePolicy;
      if (!x) break;
      return onStream(x.name, (s) => {
        if (x.consumer === "") {
          s.resourcePolicy = x.policy;
          return ok;
        }
        const consumer = s.consumers.find((cn) => cn.name === x.consumer);
        if (!consumer) return fail("CONSUMER_NOT_FOUND", `consumer ${x.consumer} of stream ${s.name}`);
        consumer.resourcePolicy = x.policy;
        return ok;
      });
    }
    case "setWarmThroughput": {
      const x = cmd.setWarmThroughput;
      if (!x) break;
      return onStream(x.name, (s) =>
        active(s, () => {
          if (s.mode !== "ON_DEMAND") return fail("WRONG_STREAM_MODE", `stream ${s.name} is not in ON_DEMAND mode`, { rule: "on-demand-only" });
          s.warmThroughputMiBps = x.mibps;
          return ok;
        }),
      );
    }
    case "setIteratorSecret": {
      const x = cmd.setIteratorSecret;
      if (!x || x.secret === "") break;
      if (c.iteratorSecret === "") c.iteratorSecret = x.secret;
      else if (x.rotate && x.secret !== c.iteratorSecret) {
        // The previous secret still verifies what it signed before now (every token expires within minutes).
        c.previousIteratorSecret = c.iteratorSecret;
        c.iteratorSecretRotatedMs = Number(x.nowMs);
        c.iteratorSecret = x.secret;
      }
      return ok;
    }
    case "startStreamEncryption": {
      const x = cmd.startStreamEncryption;
      if (!x) break;
      return onStream(x.name, (s) =>
        active(s, () => {
          const starts = recent(s.encryptionStartsMs, Number(x.nowMs));
          if (starts.length >= limits.encryptionChangesPer24HoursMax) return fail("CHANGE_LIMIT", `${starts.length} encryption starts in 24 h`, { rule: "encryption-starts", current: starts.length, limit: limits.encryptionChangesPer24HoursMax });
          // One data key per master key: a stream that used this master key before reuses its data key.
          let key = s.dataKeys.find((k) => k.masterKeyId === x.masterKeyId);
          if (!key) {
            if (x.masterKeyId === "" || x.wrappedDataKey.byteLength === 0) return fail("INVALID_REQUEST", "startStreamEncryption: no data key");
            if (s.dataKeys.length >= limits.dataKeysPerStreamMax) return fail("CHANGE_LIMIT", `${s.dataKeys.length} data keys`, { rule: "data-keys", current: s.dataKeys.length, limit: limits.dataKeysPerStreamMax });
            key = { number: s.dataKeys.length + 1, masterKeyId: x.masterKeyId, wrapped: x.wrappedDataKey };
            s.dataKeys.push(key);
          }
          s.encryptionStartsMs = [...starts, Number(x.nowMs)];
          s.keyId = x.keyId;
          s.dataKey = key.number;
          // UPDATING until the meta leader's next round (records are sealed from this entry on).
          s.status = "UPDATING";
          return ok;
        }),
      );
    }
    case "stopStreamEncryption": {
      const x = cmd.stopStreamEncryption;
      if (!x) break;
      return onStream(x.name, (s) =>
        active(s, () => {
          const stops = recent(s.encryptionStopsMs, Number(x.nowMs));
          if (stops.length >= limits.encryptionChangesPer24HoursMax) return fail("CHANGE_LIMIT", `${stops.length} encryption stops in 24 h`, { rule: "encryption-stops", current: stops.length, limit: limits.encryptionChangesPer24HoursMax });
          s.encryptionStopsMs = [...stops, Number(x.nowMs)];
          // The data keys stay: records sealed before still open.
          s.keyId = "";
          s.dataKey = 0;
          s.status = "UPDATING";
          return ok;
        }),
      );
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
    case "registerConsumer":
    case "activateConsumer":
    case "deregisterConsumer":
    case "dropConsumer":
      return applyConsumerCommand(cmd, onStream);
    case "splitShard":
    case "mergeShards":
    case "shardSealed":
    case "updateShardCount":
    case "finishScaling":
    case "updateStreamMode":
    case "dropShard":
      return applyReshardCommand(c, cmd, onStream);
    case undefined:
      break;
  }
  return fail("INVALID_REQUEST", "an empty or incomplete catalog command");
}
