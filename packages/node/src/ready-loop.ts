/**
 * The ready loop: the only place where Readies become effects, for every
 * group at once, in the order the Raft README prescribes. One iteration:
 *
 *   1. inputs: ticks (of the groups not asleep; hibernation.ts), messages
 *      from peers, queued appends, maintenance
 *   2. collect every group's Ready into one write batch
 *   3. persist: one write, one fsync for all groups (group commit); when it
 *      is fsynced, leaders' Appends leave while it is under way (one frame
 *      per peer), otherwise with the other messages
 *   4. send: one frame per peer with the other messages of all groups (on a
 *      tick, to every peer, empty if need be: it tells the peer this node is
 *      alive)
 *   5. apply committed entries, then 6. advance every group
 *   7. follow the catalog (create or drop shard replicas), tell routing watchers
 *   8. followers whose leader said it stopped ticking a group may stop too
 *
 * In a process the loop runs by itself, woken by new work; the simulator
 * instead calls `iterate()` when it chooses, so a run replays from its seed.
 */
import type { Logger } from "pino";
import type { Message, NodeId, Ready } from "@tributary/raft";
import { entriesSize, ImplausibleMessageError, MessageType, RaftError } from "@tributary/raft";
import type { DurableStore, WriteBatch } from "@tributary/storage";
import type { Clock } from "./clock.js";
import type { GroupManager } from "./group-manager.js";
import { Hibernation } from "./hibernation.js";
import type { HibernateNotice, HibernationSignals } from "./hibernation.js";
import { parseReplicaId, replicaId } from "./ids.js";
import * as limits from "./limits.js";
import type { Membership } from "./membership.js";
import type { NodeMetrics } from "./metrics.js";
import type { RaftGroup } from "./raft-group.js";
import type { GroupMessage, IncomingBatch, RaftTransport } from "./transport.js";

/** The bytes replication carries in `messages`: their entries' data and snapshots' data. */
function payloadBytes(messages: readonly GroupMessage[]): number {
  let bytes = 0;
  for (const { message } of messages) {
    bytes += entriesSize(message.entries);
    bytes += message.snapshot?.data.byteLength ?? 0;
  }
  return bytes;
}

/** What a frame sent ahead of the write says of hibernation: nothing (the frame after it says it all). */
const noSignals: HibernationSignals = { hibernating: [], wake: [], woke: false };

interface InboxItem {
  readonly group: number;
  readonly message: Message;
  /** A shard snapshot whose records are already fetched. */
  readonly prefetched: boolean;
}

/** A leader's hibernation notice, stepped after the messages that arrived before it. */
interface NoticeItem {
  readonly from: NodeId;
  readonly notice: HibernateNotice;
}

export interface LoopContext {
  readonly log: Logger;
  readonly clock: Clock;
  readonly store: DurableStore;
  readonly groups: GroupManager;
  readonly membership: Membership;
  readonly metrics: NodeMetrics;
  /** Milliseconds per tick. */
  readonly tickMs: number;
  /** The other nodes of the cluster, by name. */
  readonly peers: readonly string[];
  transport(): RaftTransport;
  /** Called at the end of an iteration in which routing or the catalog changed. */
  afterChanges(catalogChanged: boolean, routingChanged: boolean): Promise<void>;
}

export class ReadyLoop {
  private inbox: InboxItem[] = [];
  private notices: NoticeItem[] = [];
  private pendingTicks = 0;
  private maintenanceDue = false;
  private catalogDirty = false;
  private routingDirty = true;
  /** Writes staged outside a Ready (new groups' first entries, compaction) go out with the next iteration's batch. */
  staged: WriteBatch;
  private wakeLoop: (() => void) | undefined;
  private running = false;
  private done: Promise<void> | undefined;
  readonly hibernation: Hibernation;

  constructor(private readonly ctx: LoopContext) {
    this.staged = ctx.store.newBatch();
    this.hibernation = new Hibernation(ctx.tickMs);
  }

  // ------------------------------------------------------------ inputs

  tick(): void {
    this.pendingTicks++;
    this.hibernation.ticked();
    this.wake();
  }

  maintain(): void {
    this.maintenanceDue = true;
    this.wake();
  }

  catalogChanged(): void {
    this.catalogDirty = true;
  }

  routingChanged(): void {
    this.routingDirty = true;
  }

  /** A frame of Raft messages from a peer. */
  receive(batch: IncomingBatch): void {
    this.ctx.membership.heardFrom(batch.fromNode, batch.fromIncarnation, batch.leaving);
    this.hibernation.heardFrom(batch.fromNode, batch.hibernation);
    this.ctx.metrics.raftMessagesReceived.inc({ peer: batch.fromNode }, batch.messages.length);
    this.ctx.metrics.raftBytesReceived.inc({ peer: batch.fromNode }, payloadBytes(batch.messages));
    const me = this.ctx.membership.replicaId();
    const leaving = this.ctx.membership.leaving;
    for (const { group, message } of batch.messages) {
      if (message.to !== me) continue; // addressed to an earlier incarnation of this node
      if (leaving && message.type === MessageType.TimeoutNow) continue; // a node about to stop takes no leadership
      this.inbox.push({ group, message, prefetched: false });
    }
    const from = replicaId(batch.fromNode, batch.fromIncarnation);
    for (const notice of batch.hibernation.hibernating) this.notices.push({ from, notice });
    // A frame that only says the peer is alive needs no iteration.
    if (batch.messages.length > 0 || batch.hibernation.hibernating.length > 0 || batch.hibernation.wake.length > 0 || batch.hibernation.woke) this.wake();
  }

  /** A message handed back by a group (a snapshot whose records were fetched). */
  deliver(group: number, message: Message, prefetched: boolean): void {
    this.inbox.push({ group, message, prefetched });
    this.wake();
  }

  wake(): void {
    const w = this.wakeLoop;
    this.wakeLoop = undefined;
    w?.();
  }

  // ------------------------------------------------------------ running

  hasWork(): boolean {
    if (this.inbox.length > 0 || this.pendingTicks > 0 || this.maintenanceDue || this.catalogDirty || this.staged.size > 0 || this.notices.length > 0 || this.hibernation.pending()) return true;
    // A sleeping group is woken by whatever gives it work (hibernation.ts): only the awake are asked.
    for (const g of this.ctx.groups.all()) if (!g.asleep && (g.raw.hasReady() || g.hasQueuedWork())) return true;
    return false;
  }

  /** Runs iterations whenever there is work, until `stop()`. */
  start(): void {
    this.running = true;
    this.done = (async () => {
      while (this.running) {
        if (!this.hasWork()) {
          await new Promise<void>((resolve) => (this.wakeLoop = resolve));
          continue;
        }
        await this.iterate();
      }
    })();
  }

  async stop(): Promise<void> {
    this.running = false;
    this.wake();
    await this.done;
  }

  async iterate(): Promise<void> {
    const { groups, store, membership } = this.ctx;
    // 1. Inputs.
    const pendingTicks = this.pendingTicks;
    const ticks = Math.min(pendingTicks, limits.ticksPerIterationMax);
    this.pendingTicks = 0;
    this.hibernation.applyWakeRequests(groups.all(), (id) => groups.get(id), ticks);
    if (ticks > 0) this.hibernation.onTick(groups.all(), this.ctx.peers, ticks, pendingTicks);
    for (const g of groups.all()) {
      if (g.asleep) continue;
      for (let i = 0; i < ticks; i++) g.raw.tick();
      g.ticksSinceLeaderContact += ticks;
    }
    // Notices are stepped at the end of the iteration, after the messages that arrived before them.
    const inbox = this.inbox;
    const notices = this.notices;
    this.inbox = [];
    this.notices = [];
    for (const item of inbox) this.step(item);
    const now = this.ctx.clock.now();
    if (this.maintenanceDue) {
      this.maintenanceDue = false;
      groups.maintenance(now, this.staged);
    } else {
      for (const g of groups.all()) if (!g.asleep) g.prepare(now);
    }

    // 2. Collect every group's Ready into one batch.
    const batch = this.staged;
    this.staged = store.newBatch();
    membership.stage(batch);
    const readies: [RaftGroup, Ready][] = [];
    for (const g of groups.all()) {
      if (g.asleep || !g.raw.hasReady()) continue;
      const rd = g.raw.ready();
      if (rd.entries.length > 0 || rd.committedEntries.length > 0) g.quietTicks = 0;
      readies.push([g, rd]);
      g.persist(rd, batch);
    }

    // 3. Persist: one write, one fsync, for all groups. Leaders' Appends
    // leave while it is under way (a leader counts its own entries only once
    // persisted: the Raft README's contract), so a follower's write overlaps
    // the leader's.
    const writeStarted = performance.now();
    const written = store.write(batch);
    if (batch.mustSync) this.send(readies, (rd) => rd.appendsBeforePersist, false);
    await written;
    this.ctx.metrics.storeWriteSeconds.observe((performance.now() - writeStarted) / 1000);
    if (readies.length > 0) this.ctx.metrics.batchGroups.observe(readies.length);

    // 4. Send: one frame per peer (on a tick, to every peer).
    this.send(readies, (rd) => (batch.mustSync || rd.appendsBeforePersist.length === 0 ? rd.messages : [...rd.appendsBeforePersist, ...rd.messages]), true, ticks > 0);

    // 5. Apply, then 6. advance.
    for (const [g, rd] of readies) g.apply(rd);
    for (const [g] of readies) g.raw.advance();

    // 7. The catalog's consequences, outside any Ready.
    const catalogChanged = this.catalogDirty;
    const routingChanged = this.routingDirty || catalogChanged;
    this.catalogDirty = false;
    this.routingDirty = false;
    if (catalogChanged || routingChanged) await this.ctx.afterChanges(catalogChanged, routingChanged);

    // 8. Leaders' notices, now that the Readies of the messages before them are done.
    for (const { from, notice } of notices) this.hibernation.stepNotice(from, notice, (id) => groups.get(id));
  }

  /**
   * One frame per peer with `pick` of every Ready's messages. The frame sent
   * after the write (`last`) also goes to every peer on a tick, even empty,
   * and carries the hibernation signals, which must not overtake messages.
   */
  private send(readies: readonly [RaftGroup, Ready][], pick: (rd: Ready) => readonly Message[], last: boolean, tick = false): void {
    const byPeer = new Map<string, GroupMessage[]>();
    for (const [g, rd] of readies) {
      for (const message of pick(rd)) {
        const peer = parseReplicaId(message.to).node;
        let list = byPeer.get(peer);
        if (!list) byPeer.set(peer, (list = []));
        list.push({ group: g.id, message });
      }
    }
    const transport = this.ctx.transport();
    const none: GroupMessage[] = [];
    const peers = last ? new Set([...byPeer.keys(), ...(tick ? this.ctx.peers : []), ...this.hibernation.signalsFor()]) : byPeer.keys();
    for (const peer of peers) {
      const messages = byPeer.get(peer) ?? none;
      transport.send(peer, messages, last ? this.hibernation.takeSignals(peer) : noSignals);
      this.ctx.metrics.raftMessagesSent.inc({ peer }, messages.length);
      this.ctx.metrics.raftBytesSent.inc({ peer }, payloadBytes(messages));
    }
  }

  private step({ group, message, prefetched }: InboxItem): void {
    const g = this.ctx.groups.get(group);
    if (!g) return; // not created yet (the catalog will create it): Raft retransmits
    this.hibernation.beforeStep(g, message.type);
    try {
      g.step(message, prefetched);
      if (message.from === g.lead && message.from !== "") g.ticksSinceLeaderContact = 0;
      if (g.asleep && g.raw.hasReady()) g.asleep = false; // a heartbeat's answer from a follower that is behind
    } catch (err) {
      if (err instanceof ImplausibleMessageError) this.ctx.log.warn({ group, from: message.from, err: err.message }, "implausible Raft message dropped");
      else if (err instanceof RaftError) this.ctx.log.debug({ group, err: err.message }, "message refused");
      else throw err;
    }
  }
}
