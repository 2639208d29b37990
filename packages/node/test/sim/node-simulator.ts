/**
 * The node-level simulator: three real TributaryNode objects in one process,
 * the production code over a simulated disk (a crash loses what was not
 * fsynced), a simulated network (drops, delays, duplicates, reordering,
 * partitions) and a simulated clock, all driven by one seed. Clients create
 * streams, append and change the catalog throughout; nodes crash, restart,
 * lose their disks and are cut off.
 *
 * After every step it checks what the service promises:
 * - every acknowledged append is readable, with the sequence number it was
 *   acknowledged with, on every replica that has applied its entry;
 * - no two records of a shard share a sequence number, no record is stored
 *   twice, and sequence numbers increase along each replica's log;
 * - replicas at the same meta log index hold the same catalog;
 * - a subscriber (the node API's Subscribe, from a random replica, moving
 *   to another from where it got to whenever its stream ends or breaks)
 *   receives a shard's records in order, each once, none skipped within
 *   an entry.
 * After healing, every replica must catch up with every acknowledged record,
 * and what each subscriber received must be an unbroken run of the shard's
 * log (from its first record, for one that started at the beginning).
 * A failure names the seed; `pnpm node-sim --seed N --trace` replays it.
 */
import type { Logger } from "pino";
import { pino } from "pino";
import { createRandom, StateType } from "@tributary/raft";
import type { GatewayApiCaller } from "@tributary/protocol";
import { CallError, encodeCatalog } from "@tributary/protocol";
import { DurableStore } from "@tributary/storage";
import type { NodeConfig } from "../../src/config.js";
import { defaultScaling } from "../../src/config.js";
import { META_GROUP } from "../../src/ids.js";
import { TributaryNode } from "../../src/node.js";
import { tilesKeySpace } from "../../src/reshard-commands.js";
import { SimulatedClock } from "./simulated-clock.js";
import { SimulatedDisk } from "./simulated-disk.js";
import { SimulatedNetwork } from "./simulated-network.js";
import { sequenceOf } from "../sequence-of.js";

export interface NodeSimulationOptions {
  readonly seed: number;
  /** Steps with faults injected (after the warm-up); then faults heal. */
  readonly chaosSteps: number;
  /** Bound on steps after healing for every replica to catch up. */
  readonly healStepsMax: number;
  /** Print a line per event. */
  readonly trace?: (line: string) => void;
}

export interface NodeSimulationResult {
  readonly seed: number;
  readonly steps: number;
  readonly acknowledged: number;
  readonly unknownOutcome: number;
  readonly faults: number;
  readonly checkedReads: number;
  /** Records subscribers received. */
  readonly subscribed: number;
}

export class NodeSimulationViolation extends Error {
  constructor(
    readonly seed: number,
    readonly step: number,
    detail: string,
  ) {
    super(`seed ${seed}, step ${step}: ${detail}`);
    this.name = "NodeSimulationViolation";
  }
}

const NAMES = ["az-a", "az-b", "az-c"] as const;
/** Simulated milliseconds per step. */
const stepMs = 20;
/** Steps before the first fault: the cluster forms and the first stream is created. */
const warmUpSteps = 250;
/** Appends in flight from the simulated clients at once. */
const clientAppendsMax = 16;

interface Ack {
  readonly group: number;
  readonly sequenceNumber: string;
  readonly payload: string;
  readonly index: number;
}

/** A client of the node API's Subscribe, following a shard across replicas. */
interface Subscriber {
  readonly id: number;
  readonly group: number;
  /** It started at the shard's beginning (so it must get every record). */
  readonly fromStart: boolean;
  index: number;
  offset: number;
  readonly received: { seq: string; payload: string }[];
  /** It reached the end of a closed shard. */
  ended: boolean;
  readonly stop: AbortController;
}

/** What one replica (one node incarnation, one group) has been read to hold so far. */
interface ReplicaView {
  nextIndex: number;
  nextOffset: number;
  lastSequence: bigint;
  readonly bySequence: Map<string, string>;
  readonly payloads: Set<string>;
}

interface SimNode {
  readonly name: string;
  readonly disk: SimulatedDisk;
  node: TributaryNode | undefined;
  /** Set once start() resolved; the loop is iterated only then. */
  ready: boolean;
  /** The incarnation this node's replica views belong to (a wiped node starts over). */
  viewsIncarnation: number;
  readonly views: Map<number, ReplicaView>;
  /** Steps a paused node skips. */
  pausedUntilStep: number;
}

export class NodeSimulation {
  private readonly rand: () => number;
  private readonly clock = new SimulatedClock(1_800_000_000_000);
  private readonly network: SimulatedNetwork;
  private readonly nodes = new Map<string, SimNode>();
  private readonly callers = new Map<string, GatewayApiCaller>();
  private readonly log: Logger;
  private step = 0;
  private chaos = false;
  private nextPayload = 0;
  private clientAppends = 0;
  private readonly leaderHints = new Map<number, string>();

  // --- what the checks remember
  private readonly acks: Ack[] = [];
  private unknownOutcome = 0;
  /** Per group: sequence number -> payload, over every replica. */
  private readonly sequences = new Map<number, Map<string, string>>();
  /** Per group: payload -> sequence number, over every replica. */
  private readonly payloadSequence = new Map<number, Map<string, string>>();
  /** Meta log index -> the catalog's encoding there. */
  private readonly catalogAt = new Map<number, string>();
  /** Groups of streams that were deleted: their acks no longer bind. */
  private readonly droppedGroups = new Set<number>();
  private faults = 0;
  private checkedReads = 0;
  private readonly subscribers: Subscriber[] = [];
  private subscribed = 0;
  private wiped = false;

  constructor(private readonly options: NodeSimulationOptions) {
    this.rand = createRandom(options.seed);
    this.network = new SimulatedNetwork(this.clock, this.rand, { dropProbability: 0, duplicateProbability: 0, delayMaxMs: 4, longDelayProbability: 0, longDelayMaxMs: 0 });
    this.log = options.trace ? pino({ level: "info", base: null, timestamp: false }, pino.destination(1)) : pino({ level: "silent" });
    for (const name of NAMES) {
      this.nodes.set(name, { name, disk: new SimulatedDisk(), node: undefined, ready: false, viewsIncarnation: 0, views: new Map(), pausedUntilStep: 0 });
      this.callers.set(name, this.network.gatewayCaller(name));
    }
  }

  // ------------------------------------------------------------ helpers

  private chance(p: number): boolean {
    return this.rand() < p;
  }

  private pick<T>(items: readonly T[]): T | undefined {
    return items.length === 0 ? undefined : items[Math.floor(this.rand() * items.length)];
  }

  private trace(line: string): void {
    this.options.trace?.(`[step ${this.step}, ${this.clock.now() - 1_800_000_000_000} ms] ${line}`);
  }

  get stepNow(): number {
    return this.step;
  }

  private violation(detail: string): never {
    throw new NodeSimulationViolation(this.options.seed, this.step, detail);
  }

  private config(name: string): NodeConfig {
    return {
      name,
      dataDir: `sim:${name}`,
      listen: `sim:${name}`,
      peers: new Map(NAMES.map((n) => [n, n])),
      tickMs: 100,
      clusterName: "sim",
      region: "us-east-1",
      accountId: "000000000000",
      fsync: true,
      // Small caches: logs compact often, so replicas catch up by snapshot and fetched records.
      shardLogCacheEntries: 24,
      metaLogCacheEntries: 16,
      joinTimeoutMs: 3_600_000,
      clockSkewMs: 0,
      scaling: defaultScaling,
    };
  }

  private live(): SimNode[] {
    return [...this.nodes.values()].filter((n) => n.node !== undefined);
  }

  // ------------------------------------------------------------ nodes: boot, crash, wipe

  private boot(n: SimNode): void {
    const seeds = createRandom(Math.floor(this.rand() * 2 ** 31));
    const endpoint = this.network.endpoint(n.name);
    const node = new TributaryNode(this.config(n.name), {
      log: this.log.child({ node: n.name }),
      clock: this.clock,
      store: new DurableStore(n.disk.boot()),
      transport: this.network.transport(n.name),
      peer: (peer) => this.network.peerCaller(n.name, peer),
      randomBytes: (count) => Uint8Array.from({ length: count }, () => Math.floor(seeds() * 256)),
      drive: "manual",
    });
    endpoint.peerApi = node.peerApi;
    endpoint.gatewayApi = node.gatewayApi;
    n.node = node;
    n.ready = false;
    node.start().then(
      () => {
        if (n.node === node) n.ready = true;
      },
      (err: unknown) => {
        // A node that could not start (its peers stayed away) is down; it is started again later.
        this.trace(`${n.name} failed to start: ${(err as Error).message}`);
        if (n.node === node) this.takeDown(n);
      },
    );
  }

  private takeDown(n: SimNode): TributaryNode | undefined {
    const node = n.node;
    n.node = undefined;
    n.ready = false;
    const endpoint = this.network.endpoint(n.name);
    endpoint.peerApi = undefined;
    endpoint.gatewayApi = undefined;
    endpoint.receive = undefined;
    return node;
  }

  /** kill -9 and power loss at once: the process stops, the disk keeps only what was synced. */
  private async crash(n: SimNode): Promise<void> {
    const node = this.takeDown(n);
    if (!node) return;
    n.disk.crash();
    await node.halt();
  }

  // ------------------------------------------------------------ clients

  /** Appends one or a few records to a shard, following NotLeader hints; never resends what may have been stored. */
  private async append(group: number): Promise<void> {
    const count = this.chance(0.7) ? 1 : 2 + Math.floor(this.rand() * 4);
    const payloads = Array.from({ length: count }, () => `s${this.options.seed}-r${this.nextPayload++}`);
    this.clientAppends++;
    try {
      for (let attempt = 0; attempt < 30; attempt++) {
        const target = this.leaderHints.get(group) ?? (this.pick(NAMES) as string);
        let res;
        try {
          res = await (this.callers.get(target) as GatewayApiCaller).append({ groupId: group, records: payloads.map((p) => ({ data: Buffer.from(p), partitionKey: p })) }, 3_000);
        } catch (err) {
          if (!(err instanceof CallError)) throw err;
          this.leaderHints.delete(group);
          if (!err.neverSent) {
            this.unknownOutcome += count;
            return;
          }
          await this.sleep(40);
          continue;
        }
        if (res.ok) {
          const ok = res.ok;
          payloads.forEach((payload, k) => this.acks.push({ group, sequenceNumber: sequenceOf(group, ok.index, ok.firstOffset + k, ok.arrivalMs), payload, index: ok.index }));
          this.leaderHints.set(group, target);
          return;
        }
        if (res.notLeader) {
          if (res.notLeader.leaderNode) this.leaderHints.set(group, res.notLeader.leaderNode);
          else this.leaderHints.delete(group);
          await this.sleep(40);
          continue;
        }
        const code = res.failure?.code;
        if (code === "SHARD_CLOSED" || code === "SHARD_NOT_OPEN") return; // resharded: never stored
        if (code === "NOT_STORED" || code === "GROUP_NOT_HOSTED") {
          await this.sleep(40);
          continue;
        }
        if (code === "OVERLOADED") return;
        this.unknownOutcome += count; // OUTCOME_UNKNOWN (or worse): never resent
        return;
      }
    } finally {
      this.clientAppends--;
    }
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => this.clock.after(ms, resolve));
  }

  /** Proposes a catalog command at whichever node leads the meta group (bounded retries). */
  private async propose(command: Parameters<GatewayApiCaller["proposeCatalog"]>[0]["command"]): Promise<void> {
    for (let attempt = 0; attempt < 20; attempt++) {
      const target = this.leaderHints.get(META_GROUP) ?? (this.pick(NAMES) as string);
      const res = await (this.callers.get(target) as GatewayApiCaller).proposeCatalog({ command }, 5_000).catch(() => undefined);
      if (res?.ok || res?.failure) return;
      if (res?.notLeader?.leaderNode) this.leaderHints.set(META_GROUP, res.notLeader.leaderNode);
      else this.leaderHints.delete(META_GROUP);
      await this.sleep(100);
    }
  }

  /** The catalog as the most advanced running node has applied it. */
  private catalogNow() {
    let best: TributaryNode | undefined;
    for (const n of this.live()) if (n.ready && n.node && (!best || n.node.groups.meta.catalogIndex > best.groups.meta.catalogIndex)) best = n.node;
    return best?.catalog();
  }

  private clientActions(): void {
    const catalog = this.catalogNow();
    const streams = catalog ? [...catalog.streams.values()] : [];
    if ((streams.length === 0 && this.step % 100 === 20) || (this.chance(0.002) && streams.length < 4)) {
      const name = `stream-${this.nextPayload++}`;
      this.trace(`client creates ${name}`);
      void this.propose({ createStream: { name, shardCount: 1 + Math.floor(this.rand() * 3), mode: "PROVISIONED", maxRecordSizeKib: 1024, nowMs: this.clock.now() } });
    }
    if (this.chance(0.003)) {
      const s = this.pick(streams.filter((x) => x.status === "ACTIVE"));
      if (s) void this.propose({ addTags: { name: s.name, tags: [{ key: `k${this.nextPayload++}`, value: "v" }] } });
    }
    if (this.chaos && this.chance(0.0015) && streams.length > 1) {
      const s = this.pick(streams.filter((x) => x.status === "ACTIVE"));
      if (s) {
        this.trace(`client deletes ${s.name}`);
        void this.propose({ deleteStream: { name: s.name } });
      }
    }
    const active = streams.filter((s) => s.status === "ACTIVE");
    const reshardable = this.pick(active);
    if (reshardable && this.chance(0.004)) {
      const shard = this.pick(reshardable.shards.filter((sh) => sh.state === "OPEN"));
      if (shard) {
        const start = BigInt(shard.startingHashKey);
        const span = BigInt(shard.endingHashKey) - start;
        const at = start + 2n + (span * BigInt(1 + Math.floor(this.rand() * 98))) / 100n;
        this.trace(`client splits ${reshardable.name}/${shard.shardId} at ${at}`);
        void this.propose({ splitShard: { name: reshardable.name, shardId: shard.shardId, newStartingHashKey: at.toString(), nowMs: this.clock.now() } });
      }
    }
    if (reshardable && this.chance(0.003)) {
      const open = reshardable.shards.filter((sh) => sh.state === "OPEN").sort((a, b) => (BigInt(a.startingHashKey) < BigInt(b.startingHashKey) ? -1 : 1));
      const i = Math.floor(this.rand() * Math.max(open.length - 1, 0));
      if (open.length >= 2) {
        this.trace(`client merges ${reshardable.name}/${open[i]?.shardId} and ${open[i + 1]?.shardId}`);
        void this.propose({ mergeShards: { name: reshardable.name, shardId: open[i]?.shardId as string, adjacentShardId: open[i + 1]?.shardId as string, nowMs: this.clock.now() } });
      }
    }
    if (reshardable && this.chance(0.001)) {
      const current = reshardable.shards.filter((sh) => sh.state === "OPEN").length;
      const target = Math.max(1, Math.min(current * 2, current + (this.chance(0.5) ? 1 : -1)));
      this.trace(`client scales ${reshardable.name} from ${current} to ${target} shards`);
      void this.propose({ updateShardCount: { name: reshardable.name, targetShardCount: target, nowMs: this.clock.now(), shardLimit: 1000 } });
    }
    const groups = active.flatMap((s) => s.shards.filter((sh) => sh.state === "OPEN").map((sh) => sh.groupId));
    if (groups.length > 0 && this.clientAppends < clientAppendsMax && this.chance(0.5)) void this.append(this.pick(groups) as number);
    const running = this.subscribers.filter((x) => !x.ended && !this.droppedGroups.has(x.group)).length;
    if (groups.length > 0 && running < 3 && this.subscribers.length < 12 && this.chance(0.01)) this.subscribe(this.pick(groups) as number);
  }

  /**
   * Follows a shard through Subscribe as a gateway does: from a random node,
   * and when the stream ends or breaks, from another, at the position after
   * the last record received.
   */
  private subscribe(group: number): void {
    const fromStart = this.chance(0.5);
    const node = this.pick(this.live().filter((n) => n.ready));
    const applied = node?.node?.groups.shard(group)?.raw.basicStatus().applied ?? 0;
    const sub: Subscriber = { id: this.subscribers.length, group, fromStart, index: fromStart ? 1 : applied + 1, offset: 0, received: [], ended: false, stop: new AbortController() };
    this.subscribers.push(sub);
    this.trace(`subscriber ${sub.id} follows group ${group} from index ${sub.index}`);
    void (async () => {
      for (let attempt = 0; attempt < 10_000 && !sub.stop.signal.aborted && !sub.ended; attempt++) {
        const target = this.pick(NAMES) as string;
        try {
          for await (const res of (this.callers.get(target) as GatewayApiCaller).subscribe({ groupId: group, fromIndex: sub.index, fromOffset: sub.offset, maxBytes: 512 }, sub.stop.signal)) {
            if (res.failure) break; // elsewhere, then (a node behind may not host the group yet; a deleted stream's group is skipped by the checks)
            const batch = res.batch;
            if (!batch) break;
            for (const r of batch.records) {
              const index = Number(r.index);
              if (index === sub.index ? r.offset !== sub.offset : index < sub.index || r.offset !== 0) {
                this.violation(`subscriber ${sub.id} of group ${group} at ${sub.index}/${sub.offset} received the record at ${index}/${r.offset} from ${target}`);
              }
              const last = sub.received[sub.received.length - 1];
              const seq = sequenceOf(group, index, r.offset, r.arrivalMs);
              if (last && BigInt(seq) <= BigInt(last.seq)) this.violation(`subscriber ${sub.id} of group ${group}: ${seq} after ${last.seq}, from ${target}`);
              sub.received.push({ seq, payload: Buffer.from(r.data).toString() });
              sub.index = index;
              sub.offset = r.offset + 1;
              this.subscribed++;
            }
            if (batch.nextIndex < sub.index || (batch.nextIndex === sub.index && batch.nextOffset < sub.offset)) this.violation(`subscriber ${sub.id} of group ${group}: ${target} moved it back to ${batch.nextIndex}/${batch.nextOffset}`);
            sub.index = Number(batch.nextIndex);
            sub.offset = batch.nextOffset;
            if (batch.endOfShard) {
              sub.ended = true;
              this.trace(`subscriber ${sub.id} reached the end of group ${group}`);
            }
          }
        } catch (err) {
          if (!(err instanceof CallError)) throw err;
        }
        await this.sleep(50 + Math.floor(this.rand() * 100));
      }
    })().catch((err: unknown) => {
      // A violation inside the subscriber's own loop stops the run at the next check.
      this.subscriberFailure ??= err as Error;
    });
  }

  private subscriberFailure: Error | undefined;

  // ------------------------------------------------------------ faults

  private injectFault(): void {
    const all = [...this.nodes.values()];
    const r = this.rand();
    this.faults++;
    if (r < 0.18) {
      const victim = this.pick(this.live());
      if (!victim) return;
      this.trace(`crash ${victim.name}`);
      void this.crash(victim);
    } else if (r < 0.36) {
      const dead = this.pick(all.filter((n) => !n.node));
      if (!dead) return;
      this.trace(`restart ${dead.name}`);
      this.boot(dead);
    } else if (r < 0.42) {
      // A lost disk: the node comes back empty and must rejoin as a new incarnation.
      // At most one lost disk per run, with every node up: losing a second copy before the
      // first is rebuilt is beyond what three replicas promise.
      const victim = this.pick(all.filter((n) => n.node));
      if (!victim || this.wiped || all.some((n) => !n.node)) return;
      this.wiped = true;
      this.trace(`wipe ${victim.name}`);
      void this.crash(victim).then(() => victim.disk.wipe());
    } else if (r < 0.56) {
      const shuffled = [...NAMES].sort(() => this.rand() - 0.5);
      const side = shuffled.slice(0, 1 + Math.floor(this.rand() * 2));
      this.network.partition(side, NAMES.filter((n) => !side.includes(n)));
      this.trace(`partition {${side.join(",")}} from the rest`);
    } else if (r < 0.62) {
      const a = this.pick(NAMES) as string;
      const b = this.pick(NAMES.filter((n) => n !== a)) as string;
      this.network.cutOneWay(a, b);
      this.trace(`one-way cut ${a} -> ${b}`);
    } else if (r < 0.78) {
      this.network.heal();
      this.trace("heal partitions");
    } else if (r < 0.88) {
      const victim = this.pick(this.live());
      if (!victim) return;
      victim.pausedUntilStep = this.step + 20 + Math.floor(this.rand() * 150);
      this.trace(`pause ${victim.name} until step ${victim.pausedUntilStep}`);
    } else {
      const f = this.network.faults;
      f.dropProbability = this.chance(0.5) ? 0.05 : 0;
      f.duplicateProbability = this.chance(0.5) ? 0.03 : 0;
      f.delayMaxMs = 4 + Math.floor(this.rand() * 60);
      f.longDelayProbability = this.chance(0.3) ? 0.03 : 0;
      f.longDelayMaxMs = 2_000;
      this.trace(`network: drop ${f.dropProbability}, duplicate ${f.duplicateProbability}, delay ≤ ${f.delayMaxMs} ms, long delays ${f.longDelayProbability}`);
    }
  }

  private heal(): void {
    this.chaos = false;
    this.network.heal();
    this.network.faults = { dropProbability: 0, duplicateProbability: 0, delayMaxMs: 4, longDelayProbability: 0, longDelayMaxMs: 0 };
    for (const n of this.nodes.values()) {
      n.pausedUntilStep = 0;
      if (!n.node) this.boot(n);
    }
    this.trace("heal everything");
  }

  // ------------------------------------------------------------ the loop

  private async runStep(): Promise<void> {
    this.step++;
    this.clock.advanceTo(this.clock.now() + stepMs);
    if (this.chaos && this.chance(0.02)) this.injectFault();
    this.clientActions();
    this.network.deliverDue();
    for (const name of NAMES) {
      const n = this.nodes.get(name) as SimNode;
      if (!n.node || !n.ready || n.pausedUntilStep > this.step) continue;
      // Disks are not all equally fast: a node sometimes gets to its work a step late.
      if (this.chaos && this.chance(0.1)) continue;
      if (n.node.loop.hasWork()) await n.node.loop.iterate();
    }
    await settle();
    await this.check();
  }

  async run(): Promise<NodeSimulationResult> {
    for (const n of this.nodes.values()) this.boot(n);
    for (let i = 0; i < warmUpSteps; i++) await this.runStep();
    this.chaos = true;
    for (let i = 0; i < this.options.chaosSteps; i++) await this.runStep();
    this.heal();
    for (let i = 0; i < this.options.healStepsMax; i++) {
      await this.runStep();
      if (i % 25 === 0 && (await this.converged())) {
        await this.finish();
        return { seed: this.options.seed, steps: this.step, acknowledged: this.acks.length, unknownOutcome: this.unknownOutcome, faults: this.faults, checkedReads: this.checkedReads, subscribed: this.subscribed };
      }
    }
    const state = [...this.nodes.values()].map((n) => `${n.name}:${n.node ? (n.ready ? (n.node.status().groups ?? []).map((g) => `${g.groupId}/${String(g.state).slice(0, 1)}/c${g.commit}/a${g.applied}`).join(",") : "starting") : "down"}`);
    return this.violation(`no convergence within ${this.options.healStepsMax} steps after healing (${state.join(" ")})`);
  }

  private async finish(): Promise<void> {
    this.checkSubscribers();
    for (const sub of this.subscribers) sub.stop.abort();
    for (const n of this.nodes.values()) {
      const node = this.takeDown(n);
      await node?.halt();
    }
  }

  // ------------------------------------------------------------ checks

  /** After every step: acknowledged appends readable where applied, sequence numbers unique, catalogs agreeing. */
  private async check(): Promise<void> {
    if (this.subscriberFailure) throw this.subscriberFailure;
    for (const n of this.live()) {
      const node = n.node as TributaryNode;
      if (!n.ready) continue;
      if (node.membership.incarnation() !== n.viewsIncarnation) {
        n.views.clear(); // a new incarnation (a wiped disk): what it holds is read anew
        n.viewsIncarnation = node.membership.incarnation();
      }
      const meta = node.groups.meta;
      const encoded = Buffer.from(encodeCatalog(meta.catalog.toWire())).toString("base64");
      const known = this.catalogAt.get(meta.catalogIndex);
      if (known === undefined) this.catalogAt.set(meta.catalogIndex, encoded);
      else if (known !== encoded) this.violation(`${n.name} holds a different catalog at meta index ${meta.catalogIndex}`);
      for (const { shard } of meta.catalog.shards()) this.droppedGroups.delete(shard.groupId);
      for (const stream of meta.catalog.streams.values()) {
        if (!tilesKeySpace(stream)) this.violation(`${n.name}: the open shards of ${stream.name} do not tile the hash key space at meta index ${meta.catalogIndex}: ${stream.shards.map((sh) => `${sh.shardId}/${sh.state}/${sh.startingHashKey}-${sh.endingHashKey}`).join(" ")}`);
      }
      for (const shard of node.groups.shardGroups()) await this.readReplica(n, shard.id);
    }
    // Groups no running node's catalog names any more were dropped with their streams.
    const named = new Set<number>();
    for (const n of this.live()) if (n.ready) for (const { shard } of (n.node as TributaryNode).catalog().shards()) named.add(shard.groupId);
    for (const g of this.sequences.keys()) if (!named.has(g) && this.live().some((n) => n.ready)) this.droppedGroups.add(g);
    this.checkAcks();
  }

  /** Reads what a replica has applied since last time, through the node's own read path, and checks it. */
  private async readReplica(n: SimNode, group: number): Promise<void> {
    const node = n.node as TributaryNode;
    // What the catalog here says of this shard: a closed one ends at its seal; a child starts after its parents' seals.
    let sealIndex = 0;
    let parentsSealedMs = 0;
    for (const { stream, shard } of node.catalog().shards()) {
      if (shard.groupId !== group) continue;
      if (shard.state === "CLOSED") sealIndex = shard.sealIndex;
      for (const p of stream.shards) if ((p.shardId === shard.parentShardId || p.shardId === shard.adjacentParentShardId) && p.state === "CLOSED") parentsSealedMs = Math.max(parentsSealedMs, p.sealedMs);
    }
    let view = n.views.get(group);
    if (!view) n.views.set(group, (view = { nextIndex: 1, nextOffset: 0, lastSequence: 0n, bySequence: new Map(), payloads: new Set() }));
    for (let page = 0; page < 1_000; page++) {
      const res = await node.gatewayApi.read({ groupId: group, fromIndex: view.nextIndex, fromOffset: view.nextOffset, limit: 1_000, maxBytes: 1 << 20 });
      if (!res.ok) return; // the group was dropped meanwhile
      const ok = res.ok;
      for (const r of ok.records ?? []) {
        this.checkedReads++;
        if (sealIndex > 0 && Number(r.index) > sealIndex) this.violation(`${n.name} group ${group}: a record at index ${r.index}, after the shard's seal at ${sealIndex}`);
        if (Number(r.arrivalMs) < parentsSealedMs) this.violation(`${n.name} group ${group}: a record that arrived at ${r.arrivalMs}, before its parent shard was sealed (${parentsSealedMs})`);
        const seq = sequenceOf(group, Number(r.index), r.offset ?? 0, Number(r.arrivalMs));
        const payload = Buffer.from(r.data as Uint8Array).toString();
        if (BigInt(seq) <= view.lastSequence) this.violation(`${n.name} group ${group}: sequence number ${seq} does not follow ${view.lastSequence}`);
        view.lastSequence = BigInt(seq);
        if (view.payloads.has(payload)) this.violation(`${n.name} group ${group}: record ${payload} is stored twice`);
        view.payloads.add(payload);
        view.bySequence.set(seq, payload);
        const bySeq = this.sequences.get(group) ?? new Map<string, string>();
        this.sequences.set(group, bySeq);
        const other = bySeq.get(seq);
        if (other !== undefined && other !== payload) this.violation(`group ${group}: sequence number ${seq} names ${other} on one replica and ${payload} on ${n.name}`);
        bySeq.set(seq, payload);
        const byPayload = this.payloadSequence.get(group) ?? new Map<string, string>();
        this.payloadSequence.set(group, byPayload);
        const otherSeq = byPayload.get(payload);
        if (otherSeq !== undefined && otherSeq !== seq) this.violation(`group ${group}: record ${payload} has sequence number ${otherSeq} on one replica and ${seq} on ${n.name}`);
        byPayload.set(payload, seq);
      }
      const moved = Number(ok.nextIndex) !== view.nextIndex || Number(ok.nextOffset) !== view.nextOffset;
      view.nextIndex = Number(ok.nextIndex);
      view.nextOffset = Number(ok.nextOffset);
      if ((ok.records ?? []).length === 0 || !moved) return;
    }
  }

  /** Converged: what each subscriber received is an unbroken run of its shard's log (all of it from the start, for one that began there). */
  private checkSubscribers(): void {
    const n = this.nodes.get(NAMES[0]) as SimNode;
    for (const sub of this.subscribers) {
      if (this.droppedGroups.has(sub.group)) continue;
      const view = n.views.get(sub.group);
      if (!view) continue;
      const log = [...view.bySequence.keys()].sort((a, b) => (BigInt(a) < BigInt(b) ? -1 : 1));
      const first = sub.received[0];
      if (!first) {
        if (sub.fromStart && sub.ended && log.length > 0) this.violation(`subscriber ${sub.id} of group ${sub.group} reached the shard's end without a record of ${log.length}`);
        continue;
      }
      const k = log.indexOf(first.seq);
      if (k < 0) this.violation(`subscriber ${sub.id} of group ${sub.group} received ${first.seq}, which no replica holds`);
      if (sub.fromStart && k !== 0) this.violation(`subscriber ${sub.id} of group ${sub.group} started at the beginning but its first record is the log's record ${k}`);
      sub.received.forEach((r, i) => {
        if (log[k + i] !== r.seq) this.violation(`subscriber ${sub.id} of group ${sub.group}: its record ${i} is ${r.seq}, the log has ${log[k + i] ?? "nothing"} there`);
        if (view.bySequence.get(r.seq) !== r.payload) this.violation(`subscriber ${sub.id} of group ${sub.group}: ${r.seq} holds ${r.payload}, the replica ${view.bySequence.get(r.seq)}`);
      });
      if (sub.ended && sub.fromStart && sub.received.length !== log.length) this.violation(`subscriber ${sub.id} of group ${sub.group} reached the shard's end with ${sub.received.length} of its ${log.length} records`);
    }
  }

  /** Every acknowledged record is on every running replica that has applied its entry, under its acknowledged number. */
  private checkAcks(): void {
    for (const n of this.live()) {
      if (!n.ready) continue;
      const node = n.node as TributaryNode;
      for (const ack of this.acks) {
        if (this.droppedGroups.has(ack.group)) continue;
        const shard = node.groups.shard(ack.group);
        const view = n.views.get(ack.group);
        if (!shard || !view) continue;
        const applied = shard.raw.basicStatus().applied;
        if (applied < ack.index || view.nextIndex <= ack.index) continue;
        const stored = view.bySequence.get(ack.sequenceNumber);
        if (stored !== ack.payload) this.violation(`${n.name} applied entry ${ack.index} of group ${ack.group} but holds ${stored ?? "nothing"} at ${ack.sequenceNumber}, acknowledged for ${ack.payload}`);
      }
    }
  }

  /** Healed: one leader per group, every replica applied what it committed, every ack on all three replicas. */
  private async converged(): Promise<boolean> {
    const running = [...this.nodes.values()];
    if (running.some((n) => !n.node || !n.ready)) return false;
    const nodes = running.map((n) => n.node as TributaryNode);
    const metaIndex = nodes.map((x) => x.groups.meta.catalogIndex);
    if (new Set(metaIndex).size !== 1) return false;
    // Every reshard and scaling begun is carried through: none is left half done.
    for (const stream of (nodes[0] as TributaryNode).catalog().streams.values()) if (stream.reshards.length > 0 || stream.targetShardCount > 0) return false;
    for (const { shard } of (nodes[0] as TributaryNode).catalog().shards()) {
      const statuses = nodes.map((x) => x.groups.shard(shard.groupId)?.raw.basicStatus());
      if (statuses.some((s) => !s)) return false;
      const leaders = statuses.filter((s) => s?.state === StateType.Leader);
      if (leaders.length !== 1) return false;
      const commit = leaders[0]?.commit ?? 0;
      if (statuses.some((s) => (s?.applied ?? 0) < commit)) return false;
    }
    for (const ack of this.acks) {
      if (this.droppedGroups.has(ack.group)) continue;
      for (const n of running) {
        if (n.views.get(ack.group)?.bySequence.get(ack.sequenceNumber) !== ack.payload) return false;
      }
    }
    return true;
  }
}

/** Lets every promise the step set going run to where it waits on the simulation again. */
function settle(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

export function nodeSimulationOptions(seed: number, trace?: (line: string) => void): NodeSimulationOptions {
  return { seed, chaosSteps: 500, healStepsMax: 3_000, ...(trace ? { trace } : {}) };
}

/** Runs one seed. Anything the production code throws (an assertion) is a violation of that seed too. */
export async function simulateNodes(options: NodeSimulationOptions): Promise<NodeSimulationResult> {
  const sim = new NodeSimulation(options);
  try {
    return await sim.run();
  } catch (err) {
    if (err instanceof NodeSimulationViolation) throw err;
    throw new NodeSimulationViolation(options.seed, sim.stepNow, `${(err as Error).name}: ${(err as Error).message}\n${(err as Error).stack ?? ""}`);
  }
}
