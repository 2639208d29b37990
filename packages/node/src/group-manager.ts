/**
 * The groups this node hosts: the meta group and one group per shard of the
 * catalog. Shard replicas are created and dropped as the catalog says; each
 * maintenance round, the groups this node leads follow the catalog's
 * membership and hand leadership to their preferred node, logs are
 * compacted, and the meta leader moves streams through their lifecycle.
 */
import type { Logger } from "pino";
import type { Entry, NodeId } from "@tributary/raft";
import { ConfChangeType, encodeConfChange, EntryType, isEmptyHardState, logIndex, nodeId, term } from "@tributary/raft";
import type { DurableStore, WriteBatch } from "@tributary/storage";
import type { GroupStatus, Route, RoutingTable } from "@tributary/protocol";
import { META_GROUP, parseReplicaId } from "./ids.js";
import * as limits from "./limits.js";
import type { Membership } from "./membership.js";
import type { MetaContext } from "./meta-group.js";
import { MetaGroup } from "./meta-group.js";
import type { RaftGroup } from "./raft-group.js";
import type { ShardContext, ShardInfo } from "./shard-group.js";
import { ShardGroup } from "./shard-group.js";

export interface GroupManagerContext {
  readonly log: Logger;
  readonly store: DurableStore;
  readonly membership: Membership;
  /** Every member's name and address. */
  readonly peers: ReadonlyMap<string, string>;
  readonly metaContext: MetaContext;
  readonly shardContext: ShardContext;
  /** A fresh iterator-signing secret (only the meta leader asks, once per cluster). */
  newSecret(): string;
  /** The meta leader's resharding round (resharder.ts). */
  reshard(now: number): void;
}

export class GroupManager {
  private metaGroup: MetaGroup | undefined;
  private readonly shards = new Map<number, ShardGroup>();
  /** `all()`, made again after a group is added or removed. */
  private everyGroup: RaftGroup[] | undefined;

  constructor(private readonly ctx: GroupManagerContext) {}

  get meta(): MetaGroup {
    const m = this.metaGroup;
    if (!m) throw new Error("the meta group is not loaded yet");
    return m;
  }

  /** Whether the meta group is loaded (the node has an identity). */
  get loaded(): boolean {
    return this.metaGroup !== undefined;
  }

  get(group: number): RaftGroup | undefined {
    return group === META_GROUP ? this.metaGroup : this.shards.get(group);
  }

  shard(group: number): ShardGroup | undefined {
    return this.shards.get(group);
  }

  /** Every group hosted here, the meta group first (kept as one array: the loop walks it several times per iteration). */
  all(): readonly RaftGroup[] {
    return (this.everyGroup ??= [...(this.metaGroup ? [this.metaGroup] : []), ...this.shards.values()]);
  }

  shardGroups(): IterableIterator<ShardGroup> {
    return this.shards.values();
  }

  async loadMeta(staged: WriteBatch): Promise<void> {
    this.metaGroup = new MetaGroup(await this.ctx.store.loadGroup(META_GROUP), this.ctx.metaContext);
    this.everyGroup = undefined;
    await this.reconcileShards(staged);
  }

  /** Makes the hosted shard replicas match the catalog: creates missing ones, drops deleted ones. Returns whether anything changed. */
  async reconcileShards(staged: WriteBatch): Promise<boolean> {
    const catalog = this.meta.catalog;
    const me = this.ctx.membership.replicaId();
    const wanted = new Map<number, { voters: readonly string[]; info: ShardInfo }>();
    for (const { stream, shard } of catalog.shards()) {
      const encryption = { current: stream.dataKeys.find((k) => k.number === stream.dataKey), keys: stream.dataKeys };
      wanted.set(shard.groupId, { voters: shard.voters, info: { streamName: stream.name, shardId: shard.shardId, shardIndex: shard.shardIndex, createdS: Math.floor(shard.createdMs / 1000), state: shard.state, encryption } });
    }
    let changed = false;
    for (const [group, w] of wanted) {
      const existing = this.shards.get(group);
      if (existing) {
        existing.info = w.info;
        continue;
      }
      const log = await this.ctx.store.loadGroup(group);
      let fresh = false;
      if (log.lastIndex() === 0 && isEmptyHardState(log.initialState().hardState) && log.snapshot().metadata.index === 0 && w.voters.includes(me)) {
        // A new shard: every initial member writes the same first entries.
        const entries: Entry[] = w.voters.map((v, i) => ({
          term: term(1),
          index: logIndex(i + 1),
          type: EntryType.ConfChange,
          data: encodeConfChange({ type: ConfChangeType.AddNode, nodeId: nodeId(v) }),
        }));
        log.append(entries, staged);
        log.setHardState({ term: term(1), vote: nodeId(""), commit: logIndex(entries.length) }, staged);
        fresh = true;
      }
      const shard = new ShardGroup(group, log, this.ctx.shardContext, w.info);
      // The node a new group prefers as leader (see Membership.maybeTransfer) stands at once: a
      // new stream, or the children of a split, get their leaders without an election timeout.
      if (fresh && this.ctx.membership.isPreferredLeader(group)) shard.campaignSoon();
      this.shards.set(group, shard);
      this.everyGroup = undefined;
      changed = true;
    }
    for (const [group, shard] of this.shards) {
      if (wanted.has(group)) continue;
      this.shards.delete(group);
      this.everyGroup = undefined;
      shard.failWaiting("the shard's stream was deleted");
      await this.ctx.store.deleteGroup(group);
      changed = true;
    }
    return changed;
  }

  /** An operator's compaction of every group, due at the next maintenance round; requests before it share it. */
  private compaction: { readonly done: Promise<number>; resolve: (compacted: number) => void } | undefined;

  /** Compacts every group's log at the next maintenance round (an operator's request); resolves with how many groups compacted. */
  compactAll(): Promise<number> {
    if (!this.compaction) {
      let resolve: (compacted: number) => void = () => undefined;
      const done = new Promise<number>((r) => (resolve = r));
      this.compaction = { done, resolve };
    }
    return this.compaction.done;
  }

  /** One maintenance round (in the loop, between iterations' Readies). */
  maintenance(now: number, staged: WriteBatch): void {
    const requested = this.compaction;
    this.compaction = undefined;
    let compacted = 0;
    const desired: NodeId[] = this.meta.catalog.memberReplicas().map(nodeId);
    let transfers = 0;
    for (const g of this.all()) {
      g.prepare(now);
      if (g.isLeader() && desired.length > 0) {
        this.ctx.membership.reconcile(g, desired);
        if (transfers < limits.transfersPerRoundMax && this.ctx.membership.maybeTransfer(g)) transfers++;
      }
      if (g.maybeCompact(staged, requested !== undefined)) compacted++;
    }
    requested?.resolve(compacted);
    this.meta.advanceStreams((group) => (this.shards.get(group)?.lead ?? "") !== "", () => this.ctx.newSecret());
    this.ctx.reshard(now);
  }

  /** Fails everything waiting on any group (the node stops). */
  failAllWaiting(reason: string): void {
    for (const g of this.all()) g.failWaiting(reason);
  }

  addressOf(replica: string): string {
    if (!replica) return "";
    return this.ctx.peers.get(parseReplicaId(replica).node) ?? "";
  }

  /** Shard → hash range → leader, as this node sees it. */
  routingTable(): RoutingTable {
    const routes: Route[] = [];
    for (const { stream, shard } of this.meta.catalog.shards()) {
      const g = this.shards.get(shard.groupId);
      const lead = g?.lead ?? "";
      routes.push({
        groupId: shard.groupId,
        streamName: stream.name,
        shardId: shard.shardId,
        startingHashKey: shard.startingHashKey,
        endingHashKey: shard.endingHashKey,
        leaderNode: lead ? parseReplicaId(lead).node : "",
        leaderAddress: this.addressOf(lead),
        term: g ? g.raw.basicStatus().term : 0,
      });
    }
    const metaLead = this.meta.lead;
    return {
      catalogIndex: this.meta.catalogIndex,
      routes,
      nodeAddresses: [...this.ctx.peers].map(([node, address]) => ({ node, address })),
      metaLeaderNode: metaLead ? parseReplicaId(metaLead).node : "",
    };
  }

  status(): GroupStatus[] {
    return [...this.all()].map((g) => g.status());
  }

  /** For each group this node leads, how many entries each follower's log is behind the leader's. */
  followerLag(): { group: number; follower: string; entries: number }[] {
    const out: { group: number; follower: string; entries: number }[] = [];
    for (const g of this.all()) {
      if (!g.isLeader()) continue;
      const s = g.raw.status();
      for (const [id, pr] of s.progress) if (id !== s.id) out.push({ group: g.id, follower: parseReplicaId(id).node, entries: Math.max(0, s.lastIndex - pr.match) });
    }
    return out;
  }
}
