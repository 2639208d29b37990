/**
 * A node: the wiring of its parts. Membership says who it is; the group
 * manager holds the meta group and the shard groups; the ready loop drives
 * them all over one durable store; the transport carries Raft messages; the
 * gateway-facing and peer APIs answer calls. Clock, store, transport and
 * peers are given to the node, so the same code runs as a process (gRPC,
 * LevelDB, the system clock) and in the simulator (all simulated).
 */
import type { Logger } from "pino";
import { createRandom } from "@tributary/raft";
import type { DurableStore } from "@tributary/storage";
import type { GatewayApiHandler, NodeStatus, PeerApiCaller, PeerApiHandler, RoutingTable } from "@tributary/protocol";
import { Keyring } from "@tributary/protocol";
import type { Catalog } from "./catalog.js";
import { Catalog as EmptyCatalog } from "./catalog.js";
import type { Clock } from "./clock.js";
import { sleep } from "./clock.js";
import type { NodeConfig } from "./config.js";
import { NodeGatewayApi } from "./gateway-api.js";
import { GroupManager } from "./group-manager.js";
import * as limits from "./limits.js";
import { FetchSlots } from "./fetch-slots.js";
import { NodeMetrics } from "./metrics.js";
import { Membership } from "./membership.js";
import { NodePeerApi } from "./peer-api.js";
import { ReadyLoop } from "./ready-loop.js";
import { RecordCipher } from "./record-cipher.js";
import { Resharder } from "./resharder.js";
import type { IncomingBatch, RaftTransport, RaftTransportFactory } from "./transport.js";

export interface NodeEnvironment {
  readonly log: Logger;
  readonly clock: Clock;
  readonly store: DurableStore;
  readonly transport: RaftTransportFactory;
  /** The peer API of another member. */
  peer(node: string): PeerApiCaller;
  /** Random bytes (election timer seeds, the iterator-signing secret): cryptographic in a process, seeded in the simulator. */
  randomBytes(count: number): Uint8Array;
  /** The master keys for encryption at rest (none: StartStreamEncryption finds no key). */
  readonly keyring?: Keyring;
  /** "self" (default): the loop runs whenever there is work. "manual": whoever holds the node calls `loop.iterate()`. */
  readonly drive?: "self" | "manual";
}

const emptyCatalog = new EmptyCatalog();

export class TributaryNode {
  readonly membership: Membership;
  readonly groups: GroupManager;
  readonly loop: ReadyLoop;
  readonly gatewayApi: GatewayApiHandler;
  readonly peerApi: PeerApiHandler;
  private readonly transport: RaftTransport;
  private readonly routingWatchers = new Set<() => void>();
  private readonly stopTimers: (() => void)[] = [];
  /** Prometheus metrics; main.ts serves them (see --metrics-listen). */
  readonly metrics: NodeMetrics;
  /** Encryption at rest: wraps data keys with the keyring's master keys, seals and opens records. */
  readonly cipher: RecordCipher;
  private running = false;
  private retention: Promise<void> | undefined;

  constructor(
    readonly config: NodeConfig,
    private readonly env: NodeEnvironment,
  ) {
    const { log, clock, store } = env;
    this.metrics = new NodeMetrics({ groups: () => (this.groups.loaded ? this.groups.status() : []), followerLag: () => (this.groups.loaded ? this.groups.followerLag() : []), raftDropped: () => this.transport.dropped(), store: () => store.stats });
    this.cipher = new RecordCipher(env.keyring ?? Keyring.empty(), (n) => env.randomBytes(n));
    const seeds = createRandom(new DataView(env.randomBytes(4).buffer).getUint32(0));
    this.membership = new Membership({ config, log, clock, store, peer: (n) => env.peer(n), catalog: () => this.catalog(), transferStarted: () => this.metrics.transfersStarted.inc() });
    const groupContext = {
      log,
      clock,
      store,
      replicaId: () => this.membership.replicaId(),
      seed: () => Math.floor(seeds() * 2 ** 31),
      wake: () => this.loop.wake(),
      routingChanged: () => this.loop.routingChanged(),
      becameLeader: () => this.metrics.leadershipsGained.inc(),
      electionStarted: () => this.metrics.electionsStarted.inc(),
      heardFromWithin: (node: string, ms: number) => this.loop.hibernation.heardWithin(node, ms),
      lastFrameAgoMs: (node: string) => this.loop.hibernation.lastFrameAgoMs(node),
    };
    const fetchSlots = new FetchSlots(limits.fetchesInFlightMax);
    this.groups = new GroupManager({
      log,
      store,
      membership: this.membership,
      peers: config.peers,
      metaContext: { ...groupContext, metaLogCacheEntries: config.metaLogCacheEntries, catalogChanged: () => this.loop.catalogChanged() },
      shardContext: {
        ...groupContext,
        shardLogCacheEntries: config.shardLogCacheEntries,
        leaderUnknownHoldMs: limits.leaderUnknownHoldTicks * config.tickMs,
        peer: (n) => env.peer(n),
        deliver: (group, message, prefetched) => this.loop.deliver(group, message, prefetched),
        fetchSlot: () => fetchSlots.take(),
        appendCommitted: (ms) => this.metrics.appendSeconds.observe(ms / 1000),
        cipher: this.cipher,
      },
      newSecret: () => this.newSecret(),
      reshard: (now) => resharder.round(now),
    });
    const resharder = new Resharder({
      log,
      clock,
      scaling: config.scaling,
      clockSkewMs: config.clockSkewMs,
      meta: () => this.groups.meta,
      shard: (group) => this.groups.shard(group),
      peer: (n) => env.peer(n),
    });
    this.loop = new ReadyLoop({
      log,
      clock,
      store,
      groups: this.groups,
      membership: this.membership,
      metrics: this.metrics,
      tickMs: config.tickMs,
      peers: [...config.peers.keys()].filter((n) => n !== config.name),
      transport: () => this.transport,
      afterChanges: (catalogChanged, routingChanged) => this.afterChanges(catalogChanged, routingChanged),
    });
    this.transport = env.transport({ name: config.name, incarnation: () => this.membership.incarnation(), clusterId: () => this.membership.clusterId(), leaving: () => this.membership.leaving }, (batch) => this.receive(batch));
    this.gatewayApi = new NodeGatewayApi(this);
    this.peerApi = new NodePeerApi(this);
  }

  get log(): Logger {
    return this.env.log;
  }

  get clock(): Clock {
    return this.env.clock;
  }

  // ------------------------------------------------------------ lifecycle

  /** Establishes identity (restarting, bootstrapping or joining), loads the groups, and starts the loop and timers. */
  async start(): Promise<void> {
    const { clock, log } = this.env;
    if (!this.config.fsync) log.warn("fsync is OFF: acknowledged writes can be lost on power failure (benchmark switch only)");
    const mustJoin = await this.membership.establish();
    await this.groups.loadMeta(this.loop.staged);
    this.running = true;
    this.stopTimers.push(clock.every(this.config.tickMs, () => this.loop.tick()));
    this.stopTimers.push(clock.every(limits.maintenanceIntervalMs, () => this.loop.maintain()));
    this.stopTimers.push(clock.every(limits.retentionIntervalMs, () => this.enforceRetention()));
    if ((this.env.drive ?? "self") === "self") this.loop.start();
    // A node that took a new incarnation asks to be recorded under it until the catalog says so:
    // also after a restart, since a crash may have come between taking it and the join committing.
    const incarnation = this.membership.incarnation();
    if (mustJoin || (incarnation > 1 && this.catalog().members.get(this.config.name) !== incarnation)) void this.membership.requestJoin(() => this.running);
    log.info({ listen: this.config.listen, replica: this.membership.replicaId() }, "node started");
  }

  /**
   * Before a planned stop: hands every leadership this node holds to a
   * follower (see Membership.handOff), and tells peers, in every frame, that
   * it is leaving, so that none hands one back. Returns once it leads
   * nothing, or at `timeoutMs`, with the number of groups it still leads.
   */
  async handOffLeadership(timeoutMs: number): Promise<number> {
    const { clock } = this.env;
    this.membership.leaving = true;
    const started = clock.now();
    const deadline = started + timeoutMs;
    let led = 0;
    while (this.running && this.groups.loaded) {
      led = 0;
      let moving = 0;
      let holding = false;
      for (const g of this.groups.all()) {
        holding ||= g.holdsAppends();
        if (!g.isLeader()) continue;
        led++;
        if (this.membership.handOff(g)) moving++;
      }
      this.loop.wake();
      // Done (leading nothing, and the appends held through the hand-over answered with the new
      // leaders' names), out of time, or nothing can move for a while: no live follower that is
      // not leaving itself (the whole cluster stopping).
      if ((led === 0 && !holding) || clock.now() >= deadline || (moving === 0 && clock.now() - started >= limits.handOffNoTargetMs)) break;
      await sleep(clock, limits.handOffPollMs);
    }
    return led;
  }

  /** Operators: moves the leadership of a group this node leads to `toNode`'s replica (Raft catches it up first). */
  transferLeader(groupId: number, toNode: string): { started: boolean; detail: string } {
    const g = this.groups.loaded ? this.groups.get(groupId) : undefined;
    if (!g) return { started: false, detail: `no group ${groupId} on this node` };
    const outcome = this.membership.transferTo(g, toNode);
    if (outcome.started) this.loop.wake();
    return outcome;
  }

  /** Operators: drains this node (hands off every leadership and takes none until undrained or restarted), or undrains it. Returns the groups it still leads. */
  async drain(drain: boolean, timeoutMs: number): Promise<number> {
    if (drain) return this.handOffLeadership(timeoutMs);
    this.membership.leaving = false;
    return [...this.groups.all()].filter((g) => g.isLeader()).length;
  }

  /** Stops timers and the loop, fails whatever waits, and closes the transport and the store. */
  async stop(): Promise<void> {
    this.running = false;
    for (const stop of this.stopTimers.splice(0)) stop();
    await this.loop.stop();
    await this.retention;
    this.transport.close();
    this.groups.failAllWaiting("the node is shutting down");
    await this.env.store.close();
  }

  /**
   * A crash, for clusters in one process: stops at once, failing whatever
   * waits, without closing the store (which keeps what was written).
   */
  async halt(): Promise<void> {
    this.running = false;
    for (const stop of this.stopTimers.splice(0)) stop();
    this.transport.close();
    await this.loop.stop();
    this.groups.failAllWaiting("the node crashed");
  }

  /** Serving: started, its groups loaded, a member of the cluster under its incarnation, the meta group led, and not stopping. */
  ready(): boolean {
    if (!this.running || !this.groups.loaded || this.membership.leaving) return false;
    return this.groups.meta.lead !== "" && this.catalog().members.get(this.config.name) === this.membership.incarnation();
  }

  get started(): boolean {
    return this.running;
  }

  // ------------------------------------------------------------ what the parts share

  /** The catalog as this node has applied it (empty before the meta group is loaded). */
  catalog(): Catalog {
    return this.groups.loaded ? this.groups.meta.catalog : emptyCatalog;
  }

  /** A frame of Raft messages from a peer; frames from another cluster are dropped. */
  receive(batch: IncomingBatch): void {
    const ours = this.membership.clusterId();
    if (ours !== "" && batch.clusterId !== "" && batch.clusterId !== ours) {
      this.env.log.error({ peer: batch.fromNode, theirCluster: batch.clusterId, ourCluster: ours }, "dropping Raft messages from another cluster");
      return;
    }
    this.loop.receive(batch);
  }

  watchRouting(onChange: () => void): () => void {
    this.routingWatchers.add(onChange);
    return () => this.routingWatchers.delete(onChange);
  }

  /** A fresh random secret: the iterator-signing secret, when the cluster forms and at each rotation. */
  newSecret(): string {
    return Buffer.from(this.env.randomBytes(32)).toString("hex");
  }

  routingTable(): RoutingTable {
    return this.groups.loaded ? this.groups.routingTable() : { catalogIndex: 0, routes: [], nodeAddresses: [], metaLeaderNode: "" };
  }

  status(): NodeStatus {
    return {
      nodeName: this.config.name,
      incarnation: this.membership.incarnation(),
      clusterId: this.membership.clusterId(),
      groups: this.groups.status(),
      syncWrites: this.env.store.stats.syncWrites,
      plainWrites: this.env.store.stats.plainWrites,
    };
  }

  private async afterChanges(catalogChanged: boolean, routingChanged: boolean): Promise<void> {
    if (catalogChanged && this.running) await this.groups.reconcileShards(this.loop.staged);
    if (routingChanged || catalogChanged) for (const w of this.routingWatchers) w();
  }

  /** One retention pass over every shard (never two at once; `stop()` waits for it). */
  private enforceRetention(): void {
    if (this.retention || !this.running) return;
    const now = this.env.clock.now() + this.config.clockSkewMs;
    this.retention = (async () => {
      for (const { stream, shard } of this.catalog().shards()) {
        if (!this.running) return;
        await this.groups.shard(shard.groupId)?.enforceRetention(now, stream.retentionHours);
      }
    })()
      .catch((err: unknown) => this.env.log.error({ err }, "retention pass failed"))
      .finally(() => (this.retention = undefined));
  }
}
