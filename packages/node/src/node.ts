/**
 * A node: many Raft groups (the meta group and one per shard) over one
 * durable store, driven by one loop. `iteration()` is the only place where a
 * Ready turns into effects, in the order the Raft README prescribes:
 * persist (one synced batch for all groups) → send → apply → advance.
 */
import { createHash, randomBytes, randomInt } from "node:crypto";
import * as grpc from "@grpc/grpc-js";
import type { Logger } from "pino";
import type { ConfChange, Entry, Message, NodeId, Ready, SoftState } from "@tributary/raft";
import {
  ConfChangeType,
  confChangeOf,
  createRandom,
  encodeConfChange,
  EntryType,
  isEmptyHardState,
  logIndex,
  MessageType,
  nodeId,
  ProposalDroppedError,
  RaftError,
  RawNode,
  StateType,
  term,
} from "@tributary/raft";
import type { GroupLog, NodeIdentity, WriteBatch } from "@tributary/storage";
import { decodeEntry, DurableStore, encodeEntry } from "@tributary/storage";
import type { Catalog, CatalogCommand, CommandResult, ShardRecord } from "./catalog.js";
import { allShards, applyCommand, emptyCatalog, memberReplicas } from "./catalog.js";
import { META_GROUP, parseReplicaId, replicaId } from "./ids.js";
import * as limits from "./limits.js";
import type { WireGroupMessage, WireMessageBatch, WireRecord } from "./proto.js";
import { encodeShardEntry, decodeShardEntry, grpcChannelOptions, messageFromWire, messageToWire, NodeService, RaftTransportService } from "./proto.js";
import type { AppendOutcome, QueuedAppend, ShardInfo } from "./replica.js";
import { peekArrivalMs, Replica } from "./replica.js";
import { offsetsPerEntryMax, sequenceNumber } from "./sequence-number.js";
import { Transport } from "./transport.js";

export interface NodeConfig {
  /** This node's name, e.g. "az-a". */
  readonly name: string;
  readonly dataDir: string;
  /** host:port the gRPC server listens on. */
  readonly listen: string;
  /** Every member's name and address, this node included. */
  readonly peers: ReadonlyMap<string, string>;
  readonly tickMs: number;
  readonly clusterName: string;
  readonly region: string;
  readonly accountId: string;
  /** Off only to measure what fsync costs. */
  readonly fsync: boolean;
  readonly shardLogCacheEntries: number;
  readonly metaLogCacheEntries: number;
  readonly joinTimeoutMs: number;
  /** Added to the clock retention compares arrival times with. Zero except in tests of retention. */
  readonly clockSkewMs: number;
}

export interface ReadResult {
  records: { sequenceNumber: string; data: Uint8Array; partitionKey: string; arrivalMs: number; index: number; offset: number }[];
  nextIndex: number;
  nextOffset: number;
  appliedIndex: number;
  lastArrivalMs: number;
}

export class NodeError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = "NodeError";
  }
}

type CatalogOutcome = CommandResult | { notLeader: true };

const encoder = new TextEncoder();
const decoder = new TextDecoder();

export class TributaryNode {
  private store!: DurableStore;
  private identity!: NodeIdentity;
  private catalog: Catalog = emptyCatalog();
  private catalogIndex = 0;
  private readonly replicas = new Map<number, Replica>();
  private transport!: Transport;
  private server: grpc.Server | undefined;
  private boundPort = 0;

  /** Messages from peers, stepped at the start of the next iteration. `prefetched`: a shard snapshot whose records are already fetched. */
  private inbox: { group: number; message: Message; prefetched?: boolean }[] = [];
  private pendingTicks = 0;
  private staged!: WriteBatch;
  private peersHeardFrom = new Map<string, number>();
  private heardFromDirty = false;
  private catalogDirty = false;
  private routingDirty = true;
  private maintenanceDue = false;
  private readonly routingWatchers = new Set<() => void>();

  private running = false;
  private wakeLoop: (() => void) | undefined;
  private loopDone: Promise<void> | undefined;
  private tickTimer: NodeJS.Timeout | undefined;
  private maintenanceTimer: NodeJS.Timeout | undefined;
  private retentionTimer: NodeJS.Timeout | undefined;
  private retentionRunning = false;
  private readonly peerClients = new Map<string, grpc.Client>();

  constructor(
    readonly config: NodeConfig,
    readonly log: Logger,
  ) {}

  // ================================================================ lifecycle

  /** Opens the store, establishes identity (bootstrapping or joining), and starts serving. */
  async start(): Promise<void> {
    this.store = await DurableStore.openLevel(`${this.config.dataDir}/db`, { fsync: this.config.fsync });
    if (!this.config.fsync) this.log.warn("fsync is OFF: acknowledged writes can be lost on power failure (benchmark switch only)");
    this.staged = this.store.newBatch();
    this.peersHeardFrom = await this.store.readPeersHeardFrom();
    this.transport = new Transport(
      { name: this.config.name, incarnation: () => this.identity?.incarnation ?? 0, clusterId: () => this.identity?.clusterId ?? "" },
      this.config.peers,
      (batch) => this.receive(batch),
      this.log,
    );
    await this.startServer();
    const existing = await this.store.readIdentity();
    let mustJoin = false;
    if (existing) {
      if (existing.nodeName !== this.config.name) {
        throw new NodeError("ERR_FOREIGN_DATA_DIRECTORY", `data directory ${this.config.dataDir} belongs to node ${existing.nodeName}, not ${this.config.name}`);
      }
      this.identity = existing;
      this.log.info({ incarnation: existing.incarnation, clusterId: existing.clusterId }, "restarting with existing data");
    } else {
      mustJoin = await this.establishIdentity();
    }
    await this.loadMeta();
    this.running = true;
    this.tickTimer = setInterval(() => {
      this.pendingTicks++;
      this.wake();
    }, this.config.tickMs);
    this.maintenanceTimer = setInterval(() => {
      this.maintenanceDue = true;
      this.wake();
    }, limits.maintenanceIntervalMs);
    this.loopDone = this.runLoop();
    this.retentionTimer = setInterval(() => {
      if (this.retentionRunning) return;
      this.retentionRunning = true;
      this.enforceRetention()
        .catch((err: unknown) => this.log.error({ err }, "retention pass failed"))
        .finally(() => (this.retentionRunning = false));
    }, limits.retentionIntervalMs);
    if (mustJoin) void this.requestJoin();
    this.log.info({ listen: this.config.listen, port: this.boundPort, replica: this.myReplicaId() }, "node started");
  }

  async stop(): Promise<void> {
    this.running = false;
    clearInterval(this.tickTimer);
    clearInterval(this.maintenanceTimer);
    clearInterval(this.retentionTimer);
    this.wake();
    await this.loopDone;
    this.transport?.close();
    for (const c of this.peerClients.values()) c.close();
    await new Promise<void>((resolve) => (this.server ? this.server.tryShutdown(() => resolve()) : resolve()));
    this.server?.forceShutdown();
    for (const r of this.replicas.values()) this.failAllWaiters(r, "Unavailable", "node is shutting down");
    await this.store?.close();
  }

  get port(): number {
    return this.boundPort;
  }

  myReplicaId(): NodeId {
    return replicaId(this.config.name, this.identity?.incarnation ?? 0);
  }

  private async startServer(): Promise<void> {
    const server = new grpc.Server(grpcChannelOptions);
    server.addService(RaftTransportService.service, this.transport.service);
    const { nodeApiHandlers } = await import("./node-api.js");
    server.addService(NodeService.service, nodeApiHandlers(this));
    this.boundPort = await new Promise<number>((resolve, reject) =>
      server.bindAsync(this.config.listen, grpc.ServerCredentials.createInsecure(), (err, port) => (err ? reject(new NodeError("ERR_LISTEN", `cannot listen on ${this.config.listen}: ${err.message}`)) : resolve(port))),
    );
    this.server = server;
  }

  // ================================================================ identity: bootstrap or join

  /**
   * A node with an empty data directory asks its peers. If none is
   * initialized and all answer, the cluster is new: every node bootstraps
   * the meta group identically. If the cluster exists and no peer has ever
   * received a message from this node's current incarnation, it starts under
   * that incarnation with an empty log (it was never really there). Otherwise
   * it was wiped: it takes a new incarnation and asks to replace the old one.
   * Returns true when a join request must follow.
   */
  private async establishIdentity(): Promise<boolean> {
    const peers = [...this.config.peers.keys()].filter((n) => n !== this.config.name);
    const deadline = Date.now() + this.config.joinTimeoutMs;
    // While the cluster may still be forming, wait for every peer's answer before deciding.
    const formationGraceEnd = Date.now() + Math.min(limits.formationGraceMs, this.config.joinTimeoutMs);
    let backoff = 200;
    for (let attempt = 1; ; attempt++) {
      const answers = await Promise.all(peers.map((p) => this.hello(p).catch(() => undefined)));
      const reachable = answers.filter((a) => a !== undefined);
      const initialized = reachable.filter((a) => a.initialized);
      if (initialized.length === 0 && reachable.length === peers.length) {
        await this.bootstrapCluster();
        return false;
      }
      if (initialized.length > 0) {
        const clusterId = (initialized[0] as HelloAnswer).clusterId;
        const heard = Math.max(0, ...reachable.map((a) => a.heardFromIncarnation));
        const inCatalog = Math.max(0, ...initialized.map((a) => a.catalogIncarnation));
        const everyoneAnswered = reachable.length === peers.length;
        if (everyoneAnswered && heard === 0 && inCatalog > 0) {
          // Never heard from by anyone: starting under the catalog's incarnation is safe.
          await this.saveIdentity(clusterId, inCatalog);
          this.log.info({ incarnation: inCatalog, clusterId }, "joining the existing cluster under my catalog incarnation (no peer ever heard from it)");
          return false;
        }
        if (!everyoneAnswered && heard === 0 && Date.now() < formationGraceEnd) {
          // A peer is still starting: its answer may let us keep our incarnation. Wait a little.
          await new Promise((r) => setTimeout(r, 200));
          continue;
        }
        const incarnation = Math.max(heard, inCatalog) + 1;
        await this.saveIdentity(clusterId, incarnation);
        this.log.warn({ incarnation, previous: Math.max(heard, inCatalog), clusterId }, "empty data directory in an existing cluster: rejoining as a new incarnation");
        return true;
      }
      if (Date.now() > deadline) {
        throw new NodeError("ERR_PEERS_UNREACHABLE", `could not reach all peers (${peers.join(", ")}) to form or join a cluster within ${this.config.joinTimeoutMs} ms`);
      }
      if (attempt === 1 || attempt % 10 === 0) this.log.warn({ reachable: reachable.length, peers: peers.length }, "waiting for peers before forming the cluster");
      await new Promise((r) => setTimeout(r, backoff));
      backoff = Math.min(backoff * 2, 2_000);
    }
  }

  private clusterIdFor(): string {
    const names = [...this.config.peers.keys()].sort().join(",");
    return `${this.config.clusterName}-${createHash("sha256").update(names).digest("hex").slice(0, 12)}`;
  }

  private async saveIdentity(clusterId: string, incarnation: number): Promise<void> {
    this.identity = { clusterId, nodeName: this.config.name, incarnation, createdMs: Date.now() };
    const batch = this.store.newBatch();
    this.store.putIdentity(this.identity, batch);
    await this.store.write(batch);
  }

  /** Writes the meta group's first entries: one AddNode per member, then the catalog's InitCluster. */
  private async bootstrapCluster(): Promise<void> {
    const clusterId = this.clusterIdFor();
    await this.saveIdentity(clusterId, 1);
    const names = [...this.config.peers.keys()].sort();
    const members = Object.fromEntries(names.map((n) => [n, 1]));
    const init: CatalogCommand = { type: "InitCluster", clusterId, region: this.config.region, accountId: this.config.accountId, members };
    const entries: Entry[] = names.map((n, i) => ({
      term: term(1),
      index: logIndex(i + 1),
      type: EntryType.ConfChange,
      data: encodeConfChange({ type: ConfChangeType.AddNode, nodeId: replicaId(n, 1) }),
    }));
    entries.push({ term: term(1), index: logIndex(names.length + 1), type: EntryType.Normal, data: encoder.encode(JSON.stringify(init)) });
    const meta = await this.store.loadGroup(META_GROUP);
    const batch = this.store.newBatch();
    meta.append(entries, batch);
    meta.setHardState({ term: term(1), vote: nodeId(""), commit: logIndex(entries.length) }, batch);
    await this.store.write(batch);
    this.log.info({ clusterId, members: names }, "bootstrapped a new cluster");
  }

  /** Asks the meta leader (through any peer) to record this node's new incarnation. */
  private async requestJoin(): Promise<void> {
    const peers = [...this.config.peers.keys()].filter((n) => n !== this.config.name);
    for (let attempt = 0; this.running; attempt++) {
      for (const peer of peers) {
        try {
          const res = await this.callPeer<{ ok?: boolean; notLeader?: { leaderNode: string }; failure?: { message: string } }>(peer, "join", { nodeName: this.config.name, incarnation: this.identity.incarnation });
          if (res.ok) {
            this.log.info({ incarnation: this.identity.incarnation }, "membership updated: replacing my previous incarnation");
            return;
          }
        } catch {
          /* try the next peer */
        }
      }
      await new Promise((r) => setTimeout(r, Math.min(200 * 2 ** attempt, 2_000)));
    }
  }

  // ================================================================ peers

  private peerClient(peer: string): grpc.Client {
    let c = this.peerClients.get(peer);
    if (!c) {
      const address = this.config.peers.get(peer);
      if (!address) throw new NodeError("ERR_UNKNOWN_PEER", `unknown peer ${peer}`);
      c = new NodeService(address, grpc.credentials.createInsecure(), grpcChannelOptions);
      this.peerClients.set(peer, c);
    }
    return c;
  }

  private callPeer<T>(peer: string, method: string, request: unknown, timeoutMs = 3_000): Promise<T> {
    const client = this.peerClient(peer) as unknown as Record<string, (req: unknown, opts: grpc.CallOptions, cb: (err: grpc.ServiceError | null, res: T) => void) => void>;
    return new Promise((resolve, reject) => {
      const fn = client[method];
      if (!fn) return reject(new Error(`no method ${method}`));
      fn.call(client, request, { deadline: Date.now() + timeoutMs }, (err, res) => (err ? reject(err) : resolve(res)));
    });
  }

  private hello(peer: string): Promise<HelloAnswer> {
    return this.callPeer<HelloAnswer>(peer, "hello", { nodeName: this.config.name }, 1_000);
  }

  /** Answers a peer's Hello: what this node knows of the asker. */
  helloAnswer(asker: string): HelloAnswer {
    const initialized = this.identity !== undefined && this.catalog.clusterId !== "";
    return {
      clusterId: this.identity?.clusterId ?? "",
      initialized,
      heardFromIncarnation: this.peersHeardFrom.get(asker) ?? 0,
      catalogIncarnation: this.catalog.members[asker] ?? 0,
    };
  }

  addressOf(replica: string): string {
    if (!replica) return "";
    return this.config.peers.get(parseReplicaId(replica).node) ?? "";
  }

  // ================================================================ loading groups

  private newRawNode(log: GroupLog): RawNode {
    return new RawNode({
      // Consensus lines carry node (from the base logger), group, and term (from the library).
      logger: this.log.child({ group: log.group }),
      id: this.myReplicaId(),
      store: log,
      random: createRandom(randomInt(2 ** 31)),
      electionTimeoutTicks: limits.electionTimeoutTicks,
      heartbeatIntervalTicks: 1,
      applied: log.snapshot().metadata.index,
      preVote: true,
      checkQuorum: true,
    });
  }

  private async loadMeta(): Promise<void> {
    const log = await this.store.loadGroup(META_GROUP);
    const snapshot = log.snapshot();
    if (snapshot.metadata.index > 0) {
      this.catalog = JSON.parse(decoder.decode(snapshot.data)) as Catalog;
      this.catalogIndex = snapshot.metadata.index;
    }
    const raw = this.newRawNode(log);
    this.replicas.set(META_GROUP, new Replica(META_GROUP, "meta", raw, log, undefined));
    await this.reconcileShardReplicas();
  }

  /** Makes the hosted shard replicas match the catalog: creates missing ones, drops deleted ones. */
  private async reconcileShardReplicas(): Promise<void> {
    if (this.identity === undefined) return;
    const wanted = new Map<number, { shard: ShardRecord; info: ShardInfo }>();
    for (const { stream, shard } of allShards(this.catalog)) {
      wanted.set(shard.groupId, { shard, info: { streamName: stream.name, shardId: shard.shardId, shardIndex: shard.shardIndex, createdS: Math.floor(shard.createdMs / 1000) } });
    }
    for (const [group, w] of wanted) {
      const existing = this.replicas.get(group);
      if (existing) {
        existing.shard = w.info;
        continue;
      }
      const log = await this.store.loadGroup(group);
      const me = this.myReplicaId();
      if (log.lastIndex() === 0 && isEmptyHardState(log.initialState().hardState) && log.snapshot().metadata.index === 0 && w.shard.voters.includes(me)) {
        // A new shard: every initial member writes the same first entries.
        const entries: Entry[] = w.shard.voters.map((v, i) => ({
          term: term(1),
          index: logIndex(i + 1),
          type: EntryType.ConfChange,
          data: encodeConfChange({ type: ConfChangeType.AddNode, nodeId: nodeId(v) }),
        }));
        log.append(entries, this.staged);
        log.setHardState({ term: term(1), vote: nodeId(""), commit: logIndex(entries.length) }, this.staged);
      }
      const replica = new Replica(group, "shard", this.newRawNode(log), log, w.info);
      this.replicas.set(group, replica);
      this.routingDirty = true;
    }
    for (const [group, r] of this.replicas) {
      if (r.kind !== "shard" || wanted.has(group)) continue;
      this.replicas.delete(group);
      this.failAllWaiters(r, "ResourceNotFoundException", "the shard's stream was deleted");
      await this.store.deleteGroup(group);
      this.routingDirty = true;
    }
  }

  // ================================================================ the loop

  private wake(): void {
    const w = this.wakeLoop;
    this.wakeLoop = undefined;
    w?.();
  }

  private hasWork(): boolean {
    if (this.inbox.length > 0 || this.pendingTicks > 0 || this.maintenanceDue || this.catalogDirty || this.staged.size > 0) return true;
    for (const r of this.replicas.values()) if (r.queued.length > 0 || r.raw.hasReady()) return true;
    return false;
  }

  private async runLoop(): Promise<void> {
    while (this.running) {
      if (!this.hasWork()) {
        await new Promise<void>((resolve) => (this.wakeLoop = resolve));
        continue;
      }
      await this.iteration();
    }
  }

  private async iteration(): Promise<void> {
    // 1. Inputs: ticks, messages from peers, new appends, maintenance.
    const ticks = Math.min(this.pendingTicks, limits.ticksPerIterationMax);
    this.pendingTicks = 0;
    for (const r of this.replicas.values()) for (let i = 0; i < ticks; i++) r.raw.tick();
    const inbox = this.inbox;
    this.inbox = [];
    for (const { group, message, prefetched } of inbox) this.stepMessage(group, message, prefetched ?? false);
    const now = Date.now();
    for (const r of this.replicas.values()) if (r.kind === "shard") this.proposeQueued(r, now);
    if (this.maintenanceDue) {
      this.maintenanceDue = false;
      this.maintenance(now);
    }

    // 2. Collect every group's Ready into one batch.
    const batch = this.staged;
    this.staged = this.store.newBatch();
    if (this.heardFromDirty) {
      this.store.putPeersHeardFrom(this.peersHeardFrom, batch);
      this.heardFromDirty = false;
    }
    const readies: [Replica, Ready][] = [];
    for (const r of this.replicas.values()) {
      if (!r.raw.hasReady()) continue;
      const rd = r.raw.ready();
      readies.push([r, rd]);
      if (rd.snapshot) r.log.applySnapshot(rd.snapshot, batch, r.kind === "shard");
      r.log.append(rd.entries, batch);
      if (rd.hardState) r.log.setHardState(rd.hardState, batch);
      if (rd.mustSync) batch.mustSync = true;
    }

    // 3. Persist: one write, one fsync, for all groups (group commit).
    await this.store.write(batch);

    // 4. Send: one frame per peer with the messages of all groups.
    const byPeer = new Map<string, WireGroupMessage[]>();
    for (const [r, rd] of readies) {
      for (const m of rd.messages) {
        const peer = parseReplicaId(m.to).node;
        let list = byPeer.get(peer);
        if (!list) byPeer.set(peer, (list = []));
        list.push({ groupId: r.group, message: messageToWire(m) });
      }
    }
    for (const [peer, messages] of byPeer) this.transport.send(peer, messages);

    // 5. Apply, then 6. advance.
    for (const [r, rd] of readies) {
      if (rd.softState) this.onSoftState(r, rd.softState);
      if (rd.snapshot) this.applySnapshot(r, rd.snapshot.data, rd.snapshot.metadata.index);
      for (const e of rd.committedEntries) this.applyEntry(r, e);
    }
    for (const [r] of readies) r.raw.advance();

    // Catalog changes create or drop shard replicas (async loads), outside any Ready.
    if (this.catalogDirty) {
      this.catalogDirty = false;
      this.routingDirty = true;
      await this.reconcileShardReplicas();
    }
    if (this.routingDirty) {
      this.routingDirty = false;
      for (const w of this.routingWatchers) w();
    }
  }

  private stepMessage(group: number, m: Message, prefetched: boolean): void {
    const r = this.replicas.get(group);
    if (!r || r.fetching) return; // unknown yet (the catalog will create it) or catching up: Raft retransmits
    if (!prefetched && m.type === MessageType.Snapshot && r.kind === "shard" && m.snapshot && m.snapshot.metadata.index > r.log.hardStateNow().commit) {
      // The snapshot stands for records this replica lacks: fetch them first.
      void this.fetchThenStep(r, m);
      return;
    }
    try {
      r.raw.step(m);
    } catch (err) {
      if (err instanceof RaftError) this.log.debug({ group, err: err.message }, "message refused");
      else throw err;
    }
  }

  private receive(batch: WireMessageBatch): void {
    const from = batch.fromNode;
    if ((this.peersHeardFrom.get(from) ?? 0) < batch.fromIncarnation) {
      // Recorded durably in the same batch as the effects of these messages.
      this.peersHeardFrom.set(from, batch.fromIncarnation);
      this.heardFromDirty = true;
    }
    const me = this.myReplicaId();
    for (const gm of batch.messages) {
      const m = messageFromWire(gm.message);
      if (m.to !== me) continue; // addressed to an earlier incarnation of this node
      this.inbox.push({ group: Number(gm.groupId), message: m });
    }
    this.wake();
  }

  // ================================================================ apply

  private onSoftState(r: Replica, soft: SoftState): void {
    const wasLeader = r.lead === this.myReplicaId();
    r.lead = soft.lead;
    this.routingDirty = true;
    if (soft.state === StateType.Leader) {
      // Arrival times stay monotonic across leaders: start from the newest entry we hold.
      const last = r.log.lastIndex();
      for (let i = last; i >= r.log.firstIndex() && i > last - 8; i--) {
        const data = r.log.entries(logIndex(i), logIndex(i + 1), Infinity)[0]?.data;
        const arrival = data ? peekArrivalMs(data) : undefined;
        if (arrival !== undefined) {
          r.lastArrivalMs = Math.max(r.lastArrivalMs, arrival);
          break;
        }
      }
      this.log.debug({ group: r.group, term: r.raw.basicStatus().term, lastArrivalMs: r.lastArrivalMs }, "leader state restored");
    } else if (wasLeader) {
      // Appends not yet in the log cannot commit here any more.
      for (const q of r.queued) q.resolve({ kind: "not-leader", leader: soft.lead });
      r.queued = [];
      for (const [index, c] of r.commands) {
        c.resolve({ notLeader: true });
        r.commands.delete(index);
      }
    }
  }

  private applySnapshot(r: Replica, data: Uint8Array, index: number): void {
    if (r.kind === "meta") {
      this.catalog = JSON.parse(decoder.decode(data)) as Catalog;
      this.catalogIndex = index;
      this.catalogDirty = true;
    }
    // Proposals at or below the snapshot can no longer be matched to their entries.
    for (const [i, e] of r.inflight) {
      if (i > index) continue;
      for (const { append } of e.appends) append.resolve({ kind: "failure", code: "Unknown", message: "outcome unknown: replaced by a snapshot" });
      r.inflight.delete(i);
    }
  }

  private applyEntry(r: Replica, e: Entry): void {
    if (e.type === EntryType.ConfChange) {
      r.raw.applyConfChange(confChangeOf(e));
      this.routingDirty = true;
      return;
    }
    if (r.kind === "meta") {
      this.catalogIndex = e.index;
      if (e.data.byteLength === 0) return;
      const cmd = JSON.parse(decoder.decode(e.data)) as CatalogCommand;
      const result = applyCommand(this.catalog, cmd);
      this.catalogDirty = true;
      const waiter = r.commands.get(e.index);
      if (waiter) {
        r.commands.delete(e.index);
        waiter.resolve(waiter.term === e.term ? result : { notLeader: true });
      }
      return;
    }
    if (e.data.byteLength === 0) return;
    const arrival = peekArrivalMs(e.data);
    if (arrival !== undefined) r.lastArrivalMs = Math.max(r.lastArrivalMs, arrival);
    const inflight = r.inflight.get(e.index);
    if (!inflight) return;
    r.inflight.delete(e.index);
    for (const { append, firstOffset } of inflight.appends) {
      if (inflight.term !== e.term) {
        // A later leader replaced our entry: these records were not stored.
        append.resolve({ kind: "failure", code: "Retry", message: "the entry was replaced by a new leader" });
        continue;
      }
      const info = r.shard as ShardInfo;
      const arrivalS = Math.floor(inflight.arrivalMs / 1000);
      const sequenceNumbers = append.records.map((_, k) => sequenceNumber({ shardCreatedS: info.createdS, shardIndex: info.shardIndex, logIndex: e.index, offset: firstOffset + k, arrivalS }));
      append.resolve({ kind: "ok", sequenceNumbers, index: e.index, arrivalMs: inflight.arrivalMs });
    }
  }

  private failAllWaiters(r: Replica, code: string, message: string): void {
    for (const q of r.queued) q.resolve({ kind: "failure", code, message });
    r.queued = [];
    for (const e of r.inflight.values()) for (const { append } of e.appends) append.resolve({ kind: "failure", code, message });
    r.inflight.clear();
    for (const c of r.commands.values()) c.resolve({ ok: false, code, message });
    r.commands.clear();
  }

  // ================================================================ appends

  /** Appends records to a shard; resolves once they are committed (stored on a majority). */
  append(group: number, records: WireRecord[]): Promise<AppendOutcome> {
    const r = this.replicas.get(group);
    if (!r || r.kind !== "shard") return Promise.resolve({ kind: "failure", code: "ResourceNotFoundException", message: `no shard group ${group} on this node` });
    if (!r.isLeader()) return Promise.resolve({ kind: "not-leader", leader: r.lead });
    if (r.queued.length >= limits.pendingAppendsPerGroupMax) {
      return Promise.resolve({ kind: "failure", code: "ProvisionedThroughputExceededException", message: "too many appends waiting for this shard" });
    }
    if (records.length === 0 || records.length >= offsetsPerEntryMax) return Promise.resolve({ kind: "failure", code: "InvalidArgument", message: `an append holds 1..${offsetsPerEntryMax - 1} records` });
    let bytes = 0;
    for (const rec of records) bytes += rec.data.byteLength + rec.partitionKey.length;
    return new Promise((resolve) => {
      r.queued.push({ records, bytes, resolve, deadline: Date.now() + limits.appendTimeoutMs });
      this.wake();
    });
  }

  /** Merges queued appends into entries and proposes them (leader only). */
  private proposeQueued(r: Replica, now: number): void {
    this.expireWaiters(r, now);
    if (r.queued.length === 0) return;
    if (!r.isLeader()) {
      for (const q of r.queued) q.resolve({ kind: "not-leader", leader: r.lead });
      r.queued = [];
      return;
    }
    while (r.queued.length > 0) {
      const appends: { append: QueuedAppend; firstOffset: number }[] = [];
      const records: WireRecord[] = [];
      let bytes = 0;
      while (r.queued.length > 0) {
        const q = r.queued[0] as QueuedAppend;
        const fits = records.length + q.records.length <= Math.min(limits.entryRecordsMax, offsetsPerEntryMax - 1) && bytes + q.bytes <= limits.entryBytesMax;
        if (appends.length > 0 && !fits) break;
        r.queued.shift();
        appends.push({ append: q, firstOffset: records.length });
        records.push(...q.records);
        bytes += q.bytes;
      }
      const arrivalMs = Math.max(now, r.lastArrivalMs);
      try {
        const pos = r.raw.propose(encodeShardEntry({ arrivalMs, records }));
        r.lastArrivalMs = arrivalMs;
        r.inflight.set(pos.index, { term: pos.term, arrivalMs, appends });
      } catch (err) {
        if (!(err instanceof ProposalDroppedError)) throw err;
        for (const { append } of appends) append.resolve({ kind: "failure", code: "Retry", message: err.message });
      }
    }
  }

  private expireWaiters(r: Replica, now: number): void {
    if (r.queued.length > 0 && (r.queued[0] as QueuedAppend).deadline < now) {
      const keep: QueuedAppend[] = [];
      for (const q of r.queued) {
        if (q.deadline < now) q.resolve({ kind: "failure", code: "Timeout", message: "the append was not proposed in time" });
        else keep.push(q);
      }
      r.queued = keep;
    }
    for (const [index, e] of r.inflight) {
      if (!e.appends.some(({ append }) => append.deadline < now)) continue;
      for (const { append } of e.appends) append.resolve({ kind: "failure", code: "Timeout", message: "the append did not commit in time; it may still be stored" });
      r.inflight.delete(index);
    }
    for (const [index, c] of r.commands) {
      if (c.deadline >= now) continue;
      c.resolve({ ok: false, code: "Timeout", message: "the catalog change did not commit in time" });
      r.commands.delete(index);
    }
  }

  // ================================================================ reads

  /** Reads committed records of a shard from (index, offset), from this replica's store. */
  async read(group: number, fromIndex: number, fromOffset: number, limit: number, maxBytes: number): Promise<ReadResult> {
    const r = this.replicas.get(group);
    if (!r || r.kind !== "shard" || !r.shard) throw new NodeError("ResourceNotFoundException", `no shard group ${group} on this node`);
    const info = r.shard;
    const applied = r.raw.basicStatus().applied;
    const out: ReadResult = { records: [], nextIndex: Math.max(fromIndex, 1), nextOffset: fromOffset, appliedIndex: applied, lastArrivalMs: r.lastArrivalMs };
    let index = Math.max(fromIndex, 1);
    const firstStored = await this.store.firstStoredIndex(group, 0);
    if (firstStored !== undefined && index < firstStored) {
      index = firstStored;
      fromOffset = 0;
    }
    let bytes = 0;
    while (index <= applied && out.records.length < limit) {
      const entries = await this.store.readEntries(group, index, applied + 1, Math.max(maxBytes - bytes, 1), 64);
      if (entries.length === 0) break;
      for (const e of entries) {
        const start = e.index === fromIndex ? fromOffset : 0;
        if (e.type === EntryType.Normal && e.data.byteLength > 0) {
          const entry = decodeShardEntry(e.data);
          const arrivalS = Math.floor(entry.arrivalMs / 1000);
          for (let k = start; k < entry.records.length; k++) {
            const rec = entry.records[k] as WireRecord;
            if (out.records.length >= limit || (out.records.length > 0 && bytes + rec.data.byteLength > maxBytes)) {
              out.nextIndex = e.index;
              out.nextOffset = k;
              return out;
            }
            out.records.push({
              sequenceNumber: sequenceNumber({ shardCreatedS: info.createdS, shardIndex: info.shardIndex, logIndex: e.index, offset: k, arrivalS }),
              data: rec.data,
              partitionKey: rec.partitionKey,
              arrivalMs: entry.arrivalMs,
              index: e.index,
              offset: k,
            });
            bytes += rec.data.byteLength;
          }
        }
        index = e.index + 1;
        out.nextIndex = index;
        out.nextOffset = 0;
      }
    }
    return out;
  }

  /** The arrival time of the first shard entry at or after `index` (up to `last`), or undefined if none. */
  private async arrivalFrom(group: number, index: number, last: number): Promise<{ index: number; arrivalMs: number } | undefined> {
    for (let i = index; i <= last; ) {
      const entries = await this.store.readEntries(group, i, last + 1, Number.MAX_SAFE_INTEGER, 8);
      if (entries.length === 0) return undefined;
      for (const e of entries) {
        const arrivalMs = e.type === EntryType.Normal ? peekArrivalMs(e.data) : undefined;
        if (arrivalMs !== undefined) return { index: e.index, arrivalMs };
      }
      i = (entries[entries.length - 1] as Entry).index + 1;
    }
    return undefined;
  }

  /**
   * The first log index of a shard whose entry arrived at or after
   * `timestampMs` (arrival times are monotonic per shard, so a binary search
   * works); applied + 1 when every entry is older.
   */
  async seek(group: number, timestampMs: number): Promise<number> {
    const r = this.replicas.get(group);
    if (!r || r.kind !== "shard") throw new NodeError("ResourceNotFoundException", `no shard group ${group} on this node`);
    const applied = Number(r.raw.basicStatus().applied);
    let lo = (await this.store.firstStoredIndex(group, 0)) ?? applied + 1;
    let hi = applied + 1;
    while (lo < hi) {
      const mid = Math.floor((lo + hi) / 2);
      const found = await this.arrivalFrom(group, mid, applied);
      if (found === undefined || found.arrivalMs >= timestampMs) hi = mid;
      else lo = found.index + 1;
    }
    return lo;
  }

  /**
   * Retention: records older than the stream's retention period disappear.
   * Entries the Raft log has compacted are deleted at once; the compaction
   * point is then moved up to the retention boundary (in the loop), so the
   * next pass deletes the rest.
   */
  private async enforceRetention(): Promise<void> {
    const now = Date.now() + this.config.clockSkewMs;
    for (const { stream, shard } of allShards(this.catalog)) {
      const r = this.replicas.get(shard.groupId);
      if (!r) continue;
      const cutoffMs = now - stream.retentionHours * 3_600_000;
      const keepFrom = await this.seek(shard.groupId, cutoffMs);
      const snapIndex = Number(r.log.snapshot().metadata.index);
      const deleteBelow = Math.min(keepFrom, snapIndex + 1);
      const first = await this.store.firstStoredIndex(shard.groupId, 0);
      if (first !== undefined && first < deleteBelow) {
        await this.store.deleteEntriesBefore(shard.groupId, deleteBelow);
        this.log.info({ group: shard.groupId, before: deleteBelow }, "deleted records past their retention period");
      }
      r.retentionCutoff = keepFrom;
    }
  }

  /** Streams stored entries of a group to a peer that is installing a snapshot. */
  async *fetchLog(group: number, from: number, to: number): AsyncGenerator<Uint8Array[]> {
    let index = Math.max(from, 1);
    while (index <= to) {
      const entries = await this.store.readEntries(group, index, to + 1, Number.MAX_SAFE_INTEGER, limits.fetchChunkEntriesMax);
      if (entries.length === 0) return;
      yield entries.map(encodeEntry);
      index = (entries[entries.length - 1] as Entry).index + 1;
    }
  }

  /** Fetches the records a shard snapshot stands for from the sender, then steps the snapshot. */
  private async fetchThenStep(r: Replica, m: Message): Promise<void> {
    const snapshot = m.snapshot;
    if (!snapshot) return;
    r.fetching = true;
    const from = r.log.hardStateNow().commit + 1;
    const to = snapshot.metadata.index;
    const peer = parseReplicaId(m.from).node;
    try {
      const client = this.peerClient(peer) as unknown as { fetchLog(req: unknown): grpc.ClientReadableStream<{ storedEntries: Uint8Array[] }> };
      const stream = client.fetchLog({ groupId: r.group, fromIndex: from, toIndex: to });
      let fetched = 0;
      for await (const chunk of stream as AsyncIterable<{ storedEntries: Uint8Array[] }>) {
        const batch = this.store.newBatch();
        const entries: Entry[] = [];
        // Verified on arrival: a corrupt entry is never stored.
        for (const bytes of chunk.storedEntries) entries.push(decodeEntry(r.group, undefined, bytes));
        this.store.putFetchedEntries(r.group, entries, batch, encodeEntry);
        await this.store.write(batch);
        fetched += entries.length;
      }
      this.log.info({ group: r.group, from, to, fetched, peer }, "fetched shard records for a snapshot");
      r.fetching = false;
      this.inbox.push({ group: r.group, message: m, prefetched: true });
      this.wake();
    } catch (err) {
      r.fetching = false;
      this.log.warn({ group: r.group, peer, err: (err as Error).message }, "fetching shard records failed; the leader will resend the snapshot");
    }
  }

  // ================================================================ catalog

  /** Proposes a catalog command through the meta group; resolves with its result once applied. */
  proposeCatalog(cmd: CatalogCommand): Promise<CatalogOutcome> {
    const r = this.replicas.get(META_GROUP) as Replica;
    if (!r.isLeader()) return Promise.resolve({ notLeader: true });
    return new Promise((resolve) => {
      try {
        const pos = r.raw.propose(encoder.encode(JSON.stringify(cmd)));
        r.commands.set(pos.index, { term: pos.term, resolve, deadline: Date.now() + limits.appendTimeoutMs });
        this.wake();
      } catch (err) {
        if (!(err instanceof ProposalDroppedError)) throw err;
        resolve({ notLeader: true });
      }
    });
  }

  metaLeader(): string {
    return (this.replicas.get(META_GROUP)?.lead as string) ?? "";
  }

  isMetaLeader(): boolean {
    return this.replicas.get(META_GROUP)?.isLeader() ?? false;
  }

  catalogSnapshot(): { catalog: Catalog; index: number } {
    return { catalog: this.catalog, index: this.catalogIndex };
  }

  /** Replaces a member's incarnation (a wiped node came back). */
  join(node: string, incarnation: number): Promise<CatalogOutcome> {
    return this.proposeCatalog({ type: "SetMemberIncarnation", node, incarnation });
  }

  // ================================================================ maintenance

  /**
   * Runs every few hundred milliseconds inside the loop: membership of the
   * groups this node leads follows the catalog, leadership is spread over
   * the nodes, logs are compacted, and (on the meta leader) streams move
   * from CREATING to ACTIVE and from DELETING to gone.
   */
  private maintenance(now: number): void {
    const desired = memberReplicas(this.catalog).map(nodeId);
    const names = Object.keys(this.catalog.members).sort();
    let transfers = 0;
    for (const r of this.replicas.values()) {
      this.expireWaiters(r, now);
      if (r.isLeader() && desired.length > 0) {
        this.reconcileMembership(r, desired);
        if (transfers < limits.transfersPerRoundMax && this.maybeTransfer(r, names)) transfers++;
      }
      this.maybeCompact(r);
    }
    if (this.isMetaLeader()) this.advanceStreams();
  }

  private reconcileMembership(r: Replica, desired: NodeId[]): void {
    const voters = r.raw.status().voters;
    const stale = voters.find((v) => !desired.includes(v));
    const missing = desired.find((d) => !voters.includes(d));
    // Remove the departed incarnation first: with it gone, the two live
    // members form the quorum while the newcomer catches up.
    let change: ConfChange | undefined;
    if (stale !== undefined && stale !== this.myReplicaId()) change = { type: ConfChangeType.RemoveNode, nodeId: stale };
    else if (missing !== undefined) change = { type: ConfChangeType.AddNode, nodeId: missing };
    if (!change) return;
    try {
      r.raw.proposeConfChange(change);
      this.log.info({ group: r.group, change: `${ConfChangeType[change.type]} ${change.nodeId}` }, "membership change proposed");
    } catch (err) {
      if (!(err instanceof ProposalDroppedError)) throw err; // one is already pending
    }
  }

  /** Each group has a preferred leader (spread by group id); the current leader hands over when the preferred one is caught up. */
  private maybeTransfer(r: Replica, names: string[]): boolean {
    if (r.raw.basicStatus().leadTransferee !== "" || names.length === 0) return false;
    const preferredName = names[r.group % names.length] as string;
    if (preferredName === this.config.name) return false;
    const preferred = nodeId(`${preferredName}.${this.catalog.members[preferredName]}`);
    const pr = r.raw.status().progress.get(preferred);
    if (!pr || !pr.recentActive || pr.match !== r.raw.basicStatus().lastIndex) return false;
    r.raw.transferLeader(preferred);
    return true;
  }

  private maybeCompact(r: Replica): void {
    const limit = r.kind === "meta" ? this.config.metaLogCacheEntries : this.config.shardLogCacheEntries;
    const applied = r.raw.basicStatus().applied;
    // Records past retention must leave the log too: compact up to the retention boundary.
    const retentionIndex = Math.min(r.retentionCutoff - 1, applied);
    if (r.log.cachedEntryCount() <= limit && retentionIndex <= r.log.snapshot().metadata.index) return;
    // Keep half the window cached, so a follower a little behind gets entries, not a snapshot.
    const windowIndex = r.log.cachedEntryCount() > limit ? (r.kind === "meta" ? applied : applied - Math.floor(limit / 2)) : 0;
    const index = Math.max(windowIndex, retentionIndex);
    if (index <= r.log.snapshot().metadata.index) return;
    const confState = { voters: [...r.raw.status().voters] };
    const data = r.kind === "meta" ? encoder.encode(JSON.stringify(this.catalog)) : encoder.encode(JSON.stringify({ shard: r.group }));
    r.log.compact(logIndex(index), confState, data, this.staged, r.kind === "meta");
  }

  private advanceStreams(): void {
    if (this.catalog.clusterId !== "" && this.catalog.iteratorSecret === "") {
      void this.proposeCatalog({ type: "SetIteratorSecret", secret: randomBytes(32).toString("hex") });
    }
    for (const stream of Object.values(this.catalog.streams)) {
      if (stream.status === "CREATING" || stream.status === "UPDATING") {
        const ready = stream.shards.every((s) => (this.replicas.get(s.groupId)?.lead ?? "") !== "");
        if (ready) void this.proposeCatalog({ type: "ActivateStream", name: stream.name });
      } else if (stream.status === "DELETING") {
        void this.proposeCatalog({ type: "DropStream", name: stream.name });
      }
    }
  }

  // ================================================================ routing and status

  watchRouting(onChange: () => void): () => void {
    this.routingWatchers.add(onChange);
    return () => this.routingWatchers.delete(onChange);
  }

  routingTable() {
    const routes = allShards(this.catalog).map(({ stream, shard }) => {
      const r = this.replicas.get(shard.groupId);
      const lead = (r?.lead as string) ?? "";
      return {
        groupId: shard.groupId,
        streamName: stream.name,
        shardId: shard.shardId,
        startingHashKey: shard.startingHashKey,
        endingHashKey: shard.endingHashKey,
        leaderNode: lead ? parseReplicaId(lead).node : "",
        leaderAddress: this.addressOf(lead),
        term: r ? Number(r.raw.basicStatus().term) : 0,
      };
    });
    const metaLead = this.metaLeader();
    return {
      catalogIndex: this.catalogIndex,
      routes,
      nodeAddresses: Object.fromEntries(this.config.peers),
      metaLeaderNode: metaLead ? parseReplicaId(metaLead).node : "",
    };
  }

  status() {
    const groups = [...this.replicas.values()].map((r) => {
      const s = r.raw.status();
      return {
        groupId: r.group,
        state: s.state,
        leader: s.lead,
        term: Number(s.term),
        commit: Number(s.commit),
        applied: Number(s.applied),
        lastIndex: Number(r.raw.basicStatus().lastIndex),
        voters: [...s.voters],
      };
    });
    return {
      nodeName: this.config.name,
      incarnation: this.identity?.incarnation ?? 0,
      clusterId: this.identity?.clusterId ?? "",
      groups,
      syncWrites: this.store.stats.syncWrites,
      plainWrites: this.store.stats.plainWrites,
    };
  }

  storeStats() {
    return this.store.stats;
  }
}

export interface HelloAnswer {
  clusterId: string;
  initialized: boolean;
  heardFromIncarnation: number;
  catalogIncarnation: number;
}
