/**
 * Who this node is and who the groups' members are: its identity (cluster,
 * name, incarnation) and how a node with an empty disk forms or joins the
 * cluster; which incarnation of each peer it has heard from; and, on every
 * group this node leads, membership changes that follow the catalog's
 * members and leadership transfers that spread leaders over the nodes.
 */
import { createHash } from "node:crypto";
import type { Logger } from "pino";
import type { ConfChange, Entry, NodeId } from "@tributary/raft";
import { ConfChangeType, encodeConfChange, EntryType, logIndex, nodeId, ProposalDroppedError, term } from "@tributary/raft";
import type { DurableStore, NodeIdentity, WriteBatch } from "@tributary/storage";
import type { CatalogCommand, HelloResponse, HelloResponse__Output, PeerApiCaller } from "@tributary/protocol";
import { encodeCatalogCommand } from "@tributary/protocol";
import type { Catalog } from "./catalog.js";
import type { Clock } from "./clock.js";
import { sleep } from "./clock.js";
import type { NodeConfig } from "./config.js";
import { META_GROUP, parseReplicaId, replicaId } from "./ids.js";
import * as limits from "./limits.js";
import type { RaftGroup } from "./raft-group.js";

export class NodeStartError extends Error {
  constructor(
    readonly code: "ERR_FOREIGN_DATA_DIRECTORY" | "ERR_PEERS_UNREACHABLE",
    message: string,
  ) {
    super(message);
    this.name = "NodeStartError";
  }
}

export interface MembershipContext {
  readonly config: NodeConfig;
  readonly log: Logger;
  readonly clock: Clock;
  readonly store: DurableStore;
  peer(node: string): PeerApiCaller;
  /** The catalog as this node has applied it. */
  catalog(): Catalog;
  /** A leadership transfer began (spreading or a hand-off; counted in metrics). */
  transferStarted(): void;
}

export class Membership {
  private identity: NodeIdentity | undefined;
  /** The identity was on disk at start: this node was part of a cluster, whatever its catalog shows yet. */
  private restarted = false;
  /** Resolves once the store has been read for an identity: until then, a Hello cannot be answered truthfully. */
  private readonly identityRead: Promise<void>;
  private markIdentityRead: () => void = () => undefined;
  /** The highest incarnation of each peer this node has received Raft messages from. */
  private peersHeardFrom = new Map<string, number>();
  private heardFromDirty = false;
  /** This node is handing off its leaderships before it stops (see handOff). */
  leaving = false;
  /** Peers whose latest frame said they are leaving: no leadership is handed to them. */
  private readonly peersLeaving = new Set<string>();

  constructor(private readonly ctx: MembershipContext) {
    this.identityRead = new Promise((resolve) => (this.markIdentityRead = resolve));
  }

  /** This node's replica id in every group: "<name>.<incarnation>". */
  replicaId(): NodeId {
    return replicaId(this.ctx.config.name, this.identity?.incarnation ?? 0);
  }

  incarnation(): number {
    return this.identity?.incarnation ?? 0;
  }

  clusterId(): string {
    return this.identity?.clusterId ?? "";
  }

  // ------------------------------------------------------------ identity: restart, bootstrap or join

  /**
   * Establishes who this node is. With an identity on disk it restarts as
   * that. Otherwise it asks its peers: if none is initialized and all answer,
   * the cluster is new and every node bootstraps the meta group identically;
   * if the cluster exists and no peer ever received a message from this node's
   * current incarnation, it starts under that incarnation with an empty log
   * (it was never really there); otherwise it was wiped, takes a new
   * incarnation, and must ask to replace the old one (returns true).
   */
  async establish(): Promise<boolean> {
    const { config, store, log } = this.ctx;
    this.peersHeardFrom = await store.readPeersHeardFrom();
    const existing = await store.readIdentity();
    if (existing) {
      if (existing.nodeName !== config.name) {
        throw new NodeStartError("ERR_FOREIGN_DATA_DIRECTORY", `data directory ${config.dataDir} belongs to node ${existing.nodeName}, not ${config.name}`);
      }
      this.identity = existing;
      this.restarted = true;
      this.markIdentityRead();
      log.info({ incarnation: existing.incarnation, clusterId: existing.clusterId }, "restarting with existing data");
      return false;
    }
    this.markIdentityRead();
    return this.formOrJoin();
  }

  private async formOrJoin(): Promise<boolean> {
    const { config, clock, log } = this.ctx;
    const peers = [...config.peers.keys()].filter((n) => n !== config.name);
    const deadline = clock.now() + config.joinTimeoutMs;
    // While the cluster may still be forming, wait for every peer's answer before deciding.
    const formationGraceEnd = clock.now() + Math.min(limits.formationGraceMs, config.joinTimeoutMs);
    let backoff = 200;
    for (let attempt = 1; ; attempt++) {
      const answers = await Promise.all(peers.map((p) => this.ctx.peer(p).hello({ nodeName: config.name }, 1_000).catch(() => undefined)));
      const reachable = answers.filter((a): a is HelloResponse__Output => a !== undefined);
      const initialized = reachable.filter((a) => a.initialized);
      if (initialized.length === 0 && reachable.length === peers.length) {
        await this.bootstrapCluster();
        return false;
      }
      if (initialized.length > 0) {
        const clusterId = (initialized[0] as HelloResponse__Output).clusterId;
        const heard = Math.max(0, ...reachable.map((a) => a.heardFromIncarnation));
        const inCatalog = Math.max(0, ...initialized.map((a) => a.catalogIncarnation));
        const everyoneAnswered = reachable.length === peers.length;
        if (everyoneAnswered && heard === 0 && inCatalog > 0) {
          // Never heard from by anyone: starting under the catalog's incarnation is safe.
          await this.saveIdentity(clusterId, inCatalog);
          log.info({ incarnation: inCatalog, clusterId }, "joining the existing cluster under my catalog incarnation (no peer ever heard from it)");
          return false;
        }
        if (!everyoneAnswered && heard === 0 && clock.now() < formationGraceEnd) {
          // A peer is still starting: its answer may let us keep our incarnation. Wait a little.
          await sleep(clock, 200);
          continue;
        }
        const incarnation = Math.max(heard, inCatalog) + 1;
        await this.saveIdentity(clusterId, incarnation);
        log.warn({ incarnation, previous: Math.max(heard, inCatalog), clusterId }, "empty data directory in an existing cluster: rejoining as a new incarnation");
        return true;
      }
      if (clock.now() > deadline) {
        throw new NodeStartError("ERR_PEERS_UNREACHABLE", `could not reach all peers (${peers.join(", ")}) to form or join a cluster within ${config.joinTimeoutMs} ms`);
      }
      if (attempt === 1 || attempt % 10 === 0) log.warn({ reachable: reachable.length, peers: peers.length }, "waiting for peers before forming the cluster");
      await sleep(clock, backoff);
      backoff = Math.min(backoff * 2, 2_000);
    }
  }

  private clusterIdFor(): string {
    const names = [...this.ctx.config.peers.keys()].sort().join(",");
    return `${this.ctx.config.clusterName}-${createHash("sha256").update(names).digest("hex").slice(0, 12)}`;
  }

  private async saveIdentity(clusterId: string, incarnation: number): Promise<void> {
    this.identity = { clusterId, nodeName: this.ctx.config.name, incarnation, createdMs: this.ctx.clock.now() };
    const batch = this.ctx.store.newBatch();
    this.ctx.store.putIdentity(this.identity, batch);
    await this.ctx.store.write(batch);
  }

  /** Writes the meta group's first entries: one AddNode per member, then the catalog's InitCluster. */
  private async bootstrapCluster(): Promise<void> {
    const { config, store, log } = this.ctx;
    const clusterId = this.clusterIdFor();
    this.identity = { clusterId, nodeName: config.name, incarnation: 1, createdMs: this.ctx.clock.now() };
    const names = [...config.peers.keys()].sort();
    const init: CatalogCommand = { initCluster: { clusterId, region: config.region, accountId: config.accountId, members: names.map((node) => ({ node, incarnation: 1 })) } };
    const entries: Entry[] = names.map((n, i) => ({
      term: term(1),
      index: logIndex(i + 1),
      type: EntryType.ConfChange,
      data: encodeConfChange({ type: ConfChangeType.AddNode, nodeId: replicaId(n, 1) }),
    }));
    entries.push({ term: term(1), index: logIndex(names.length + 1), type: EntryType.Normal, data: encodeCatalogCommand(init) });
    const meta = await store.loadGroup(META_GROUP);
    // The identity and the meta group's first entries in one write: a node never holds one without the other.
    const batch = store.newBatch();
    store.putIdentity(this.identity, batch);
    meta.append(entries, batch);
    meta.setHardState({ term: term(1), vote: nodeId(""), commit: logIndex(entries.length) }, batch);
    await store.write(batch);
    log.info({ clusterId, members: names }, "bootstrapped a new cluster");
  }

  /** Asks the meta leader (through any peer) to record this node's new incarnation, until it does or `running()` turns false. */
  async requestJoin(running: () => boolean): Promise<void> {
    const { config, clock, log } = this.ctx;
    const peers = [...config.peers.keys()].filter((n) => n !== config.name);
    for (let attempt = 0; running(); attempt++) {
      for (const peer of peers) {
        const res = await this.ctx
          .peer(peer)
          .join({ nodeName: config.name, incarnation: this.incarnation() }, 3_000)
          .catch(() => undefined);
        if (res?.ok) {
          log.info({ incarnation: this.incarnation() }, "membership updated: replacing my previous incarnation");
          return;
        }
      }
      await sleep(clock, Math.min(200 * 2 ** attempt, 2_000));
    }
  }

  /**
   * What this node knows of a peer asking whether it may keep its
   * incarnation, once it knows itself whether it holds data. A node that
   * restarted with an identity is initialized even before its catalog is
   * loaded: were it to answer "empty" then, a wiped peer starting at the
   * same moment would bootstrap a new cluster under its old replica id and
   * vote as a member whose log it no longer has. While the cluster first
   * forms, a node that has just bootstrapped counts as initialized only once
   * its catalog holds the cluster, so that all bootstrap alike.
   */
  async helloAnswer(asker: string): Promise<HelloResponse> {
    await this.identityRead;
    const initialized = this.restarted || (this.identity !== undefined && this.ctx.catalog().clusterId !== "");
    return {
      clusterId: this.clusterId(),
      initialized,
      heardFromIncarnation: this.peersHeardFrom.get(asker) ?? 0,
      catalogIncarnation: this.ctx.catalog().members.get(asker) ?? 0,
    };
  }

  /** A Raft message arrived from `node` under `incarnation`: remembered durably, in the batch that steps it. */
  heardFrom(node: string, incarnation: number, leaving: boolean): void {
    if (leaving) this.peersLeaving.add(node);
    else this.peersLeaving.delete(node);
    if ((this.peersHeardFrom.get(node) ?? 0) >= incarnation) return;
    this.peersHeardFrom.set(node, incarnation);
    this.heardFromDirty = true;
  }

  stage(batch: WriteBatch): void {
    if (!this.heardFromDirty) return;
    this.ctx.store.putPeersHeardFrom(this.peersHeardFrom, batch);
    this.heardFromDirty = false;
  }

  // ------------------------------------------------------------ group membership and leader spreading

  /**
   * On a group this node leads, one membership change toward the catalog's
   * members: the departed incarnation is removed first (with it gone, the two
   * live members form the quorum while the newcomer catches up), then the
   * missing one added.
   */
  reconcile(group: RaftGroup, desired: readonly NodeId[]): void {
    const voters = group.raw.voters();
    const stale = voters.find((v) => !desired.includes(v));
    const missing = desired.find((d) => !voters.includes(d));
    let change: ConfChange | undefined;
    if (stale !== undefined && stale !== this.replicaId()) change = { type: ConfChangeType.RemoveNode, nodeId: stale };
    else if (missing !== undefined) change = { type: ConfChangeType.AddNode, nodeId: missing };
    if (!change) return;
    try {
      group.raw.proposeConfChange(change);
      group.asleep = false;
      this.ctx.log.info({ group: group.id, change: `${ConfChangeType[change.type]} ${change.nodeId}` }, "membership change proposed");
    } catch (err) {
      if (!(err instanceof ProposalDroppedError)) throw err; // one is already pending
    }
  }

  /** Whether this node is the one a group prefers as its leader. */
  isPreferredLeader(group: number): boolean {
    const names = [...this.ctx.catalog().members.keys()].sort();
    return names.length > 0 && names[group % names.length] === this.ctx.config.name;
  }

  /**
   * Each group has a preferred leader (spread by group id over the members);
   * the current leader hands over once the preferred one is caught up.
   * Returns whether a transfer started.
   */
  maybeTransfer(group: RaftGroup): boolean {
    const catalog = this.ctx.catalog();
    const names = [...catalog.members.keys()].sort();
    const status = group.raw.basicStatus();
    if (status.leadTransferee !== "" || names.length === 0) return false;
    const preferredName = names[group.id % names.length] as string;
    if (preferredName === this.ctx.config.name || this.leaving || this.peersLeaving.has(preferredName)) return false;
    const preferred = replicaId(preferredName, catalog.members.get(preferredName) ?? 0);
    const pr = group.raw.progressOf(preferred);
    if (!pr || !pr.recentActive || pr.match !== status.lastIndex) return false;
    this.startTransfer(group, preferred);
    return true;
  }

  /** An operator's transfer of a group this node leads to `toNode`'s replica: started, or why not. */
  transferTo(group: RaftGroup, toNode: string): { started: boolean; detail: string } {
    if (!group.isLeader()) return { started: false, detail: `this node does not lead group ${group.id} (its leader: ${group.lead || "none yet"})` };
    const target = [...group.raw.status().progress.keys()].find((id) => parseReplicaId(id).node === toNode);
    if (!target || toNode === this.ctx.config.name) return { started: false, detail: `${toNode} holds no other replica of group ${group.id}` };
    if (this.peersLeaving.has(toNode)) return { started: false, detail: `${toNode} is draining` };
    this.startTransfer(group, target);
    return { started: true, detail: "" };
  }

  /** Every leadership transfer this node begins, whatever asked for it, begins here. */
  private startTransfer(group: RaftGroup, to: NodeId): void {
    group.raw.transferLeader(to);
    group.asleep = false;
    this.ctx.transferStarted();
  }

  /**
   * Before this node stops: hands a group it leads to the follower best
   * placed to take it (heard from recently, the longest log, not leaving
   * itself). Raft's transfer catches that follower up first, then tells it
   * to campaign at once; until then the leader holds new proposals back, so
   * the shard's writes pause for about a round trip, not an election
   * timeout. Returns whether a transfer is under way (started now or
   * earlier); false when no follower can take the group.
   */
  handOff(group: RaftGroup): boolean {
    if (!group.isLeader()) return false;
    const status = group.raw.status();
    if (status.leadTransferee !== "") return true;
    let best: { id: string; match: number } | undefined;
    for (const [id, pr] of status.progress) {
      if (id === status.id || !pr.recentActive || this.peersLeaving.has(parseReplicaId(id).node)) continue;
      if (!best || pr.match > best.match) best = { id, match: pr.match };
    }
    if (!best) return false;
    this.startTransfer(group, best.id as NodeId);
    return true;
  }
}
