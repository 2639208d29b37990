/**
 * Hibernation: Raft groups in which nothing happens stop ticking, so an idle
 * node does not spend its CPU on the heartbeats of a thousand idle shards
 * (as TiKV's hibernate regions and CockroachDB's quiescence do).
 *
 *   - A leader whose group is quiescent (every follower holds the whole log,
 *     committed and applied here, nothing pending; RawNode.quiescent) for
 *     `hibernateAfterTicks` ticks in a row goes to sleep and tells its
 *     followers in its next frame to each (a notice: group, term, index).
 *   - A follower sleeps on that notice only if it follows that leader in that
 *     term and holds exactly that log, all committed (RawNode.settledWith).
 *     Notices are stepped at the end of the iteration whose inbox held the
 *     messages that arrived before them.
 *   - A sleeping group is not ticked, nor looked at by the loop. It wakes
 *     when it has anything to do: a message that is not a heartbeat's
 *     answer (beforeStep), a proposal or a queued append (RaftGroup.wakeUp),
 *     a membership change or a transfer (membership.ts); every
 *     `sleepingBackstopTicks` ticks, any that has a Ready or queued work is
 *     woken too, should a path have been missed.
 *   - An awake follower that has not heard from its leader for two ticks,
 *     while the leader's node is alive, asks that node to wake the group (a
 *     wake request in its next frame), so a follower woken by anything else
 *     gets heartbeats again, usually before its election timer runs out.
 *   - Failure detection moves to the node: every node sends each peer a
 *     frame every tick, even an empty one. Silence is counted in this node's
 *     own ticks (timer firings: a wall-clock step or this process's own pause
 *     is no peer's silence). A peer silent for more than `suspectAfterTicks`
 *     wakes every sleeping group: a follower is given the ticks it missed
 *     since its leader's node last sent a frame, so it campaigns about when
 *     it would have had it been awake, and a leader's next CheckQuorum
 *     counts only fresh answers. While a peer is silent, no leader here
 *     sleeps, and frames say so (`woke`): a node hearing it wakes its own
 *     groups the same way (and lets none of its leaders sleep for a few
 *     ticks), so a node whose frames were delayed (a stall, a reconnection)
 *     resumes its heartbeats at once. A node whose own loop fell behind by more than
 *     `suspectAfterTicks` (its frames went out late) wakes its groups too,
 *     and a node's first frames after it starts say `woke`, so groups that
 *     slept under its previous run wake and elect.
 *   - A peer listed in the configuration that never sends a frame (never
 *     started, or gone) counts as silent: nothing sleeps until it is back.
 */
import type { NodeId } from "@tributary/raft";
import { logIndex, MessageType, term as toTerm } from "@tributary/raft";
import { parseReplicaId } from "./ids.js";
import * as limits from "./limits.js";
import type { RaftGroup } from "./raft-group.js";

/** A leader's word that it stopped ticking a group at `term` with `index` entries, all committed. */
export interface HibernateNotice {
  readonly group: number;
  readonly term: number;
  readonly index: number;
}

/** What a frame carries for hibernation, besides its messages. */
export interface HibernationSignals {
  /** Groups the sender leads and stopped ticking. */
  readonly hibernating: readonly HibernateNotice[];
  /** Groups whose leader the receiver is, which a follower on the sender asks to wake. */
  readonly wake: readonly number[];
  /** The sender misses a peer's frames, fell behind itself, or has just started: it woke its groups. */
  readonly woke: boolean;
}

export class Hibernation {
  /** This node's ticks since start (timer firings). */
  private tickNo = 0;
  /** The tick of the last backstop pass over sleeping groups (see onTick). */
  private backstopTick = 0;
  /** The tick at which a frame last came from each peer. */
  private readonly lastFrameTick = new Map<string, number>();
  /** Notices and wake requests to send, by peer node. */
  private outgoingNotices = new Map<string, HibernateNotice[]>();
  private outgoingWakes = new Map<string, number[]>();
  /**
   * Frames say `woke` until this tick: from start, so that peers wake groups
   * that slept under this node's previous run (their leader there is gone,
   * whether this node restarted quickly or came back empty as a new
   * incarnation) and elect new leaders.
   */
  private wokeUntilTick = limits.suspectAfterTicks;
  /** A peer's frame said `woke`, or asked for groups: acted on at the next iteration. */
  private wakeAll = false;
  /** The tick at which a peer's frame last said `woke`. */
  private wokeHeardTick = Number.NEGATIVE_INFINITY;
  private wakeGroups: number[] = [];

  constructor(private readonly tickMs: number) {}

  /** A tick timer fired. */
  ticked(): void {
    this.tickNo++;
  }

  /** A frame arrived from `node` (with or without messages). */
  heardFrom(node: string, signals: HibernationSignals): void {
    this.lastFrameTick.set(node, this.tickNo);
    if (signals.woke) this.wakeAll = true;
    for (const g of signals.wake) if (this.wakeGroups.length < limits.wakeRequestsPendingMax) this.wakeGroups.push(g);
  }

  /** The tick-equivalent of `ms`. */
  private ticksIn(ms: number): number {
    return Math.ceil(ms / this.tickMs);
  }

  /** Whether a frame came from `node` within `ms` (counted in ticks). */
  heardWithin(node: string, ms: number): boolean {
    const at = this.lastFrameTick.get(node);
    return at !== undefined && this.tickNo - at <= this.ticksIn(ms);
  }

  /** How long ago a frame came from `node` (counted in ticks), or undefined if none has. */
  lastFrameAgoMs(node: string): number | undefined {
    const at = this.lastFrameTick.get(node);
    return at === undefined ? undefined : (this.tickNo - at) * this.tickMs;
  }

  /** A message for `g` is about to be stepped: anything but a heartbeat's answer wakes it. */
  beforeStep(g: RaftGroup, type: MessageType): void {
    if (type !== MessageType.HeartbeatResponse) g.asleep = false;
  }

  /** Whether signals wait to be acted on or sent: the loop must run. */
  pending(): boolean {
    return this.wakeAll || this.wakeGroups.length > 0 || this.outgoingNotices.size > 0 || this.outgoingWakes.size > 0;
  }

  /** Wakes what peers asked to wake (before the iteration's ticks, of which there are `ticks`). */
  applyWakeRequests(groups: Iterable<RaftGroup>, get: (group: number) => RaftGroup | undefined, ticks: number): void {
    if (this.wakeAll) {
      this.wokeHeardTick = this.tickNo;
      for (const g of groups) if (g.asleep) this.wakeAfterSilence(g, ticks);
    }
    for (const id of this.wakeGroups) {
      const g = get(id);
      if (g) g.asleep = false;
    }
    this.wakeAll = false;
    this.wakeGroups = [];
  }

  /**
   * Wakes a sleeping group because a peer may be gone. A follower is given
   * the ticks it missed since its leader's node last sent a frame (one a
   * tick), less those this iteration brings, so it campaigns about when it
   * would have had it been awake. A leader forgets which followers answered
   * before it slept: its next CheckQuorum counts only fresh answers.
   */
  private wakeAfterSilence(g: RaftGroup, ticks: number): void {
    g.asleep = false;
    if (g.isLeader()) {
      g.raw.restartQuorumCheck();
      return;
    }
    if (g.lead === "") return;
    const last = this.lastFrameTick.get(parseReplicaId(g.lead).node);
    const missed = last === undefined ? 0 : this.tickNo - last - 1 - ticks;
    for (let i = 0; i < Math.min(missed, 2 * limits.electionTimeoutTicks); i++) g.raw.tick();
  }

  /**
   * On an iteration with `ticks` ticks, before groups are ticked: silent
   * peers, or this loop's own lag, wake every sleeping group (followers of a
   * leader on a silent peer get the ticks they missed); awake followers out
   * of touch ask their leader's node to wake; leaders quiescent long enough
   * fall asleep and queue their notices.
   */
  onTick(groups: Iterable<RaftGroup>, peers: readonly string[], ticks: number, pendingTicks: number): void {
    const quiet = peers.filter((p) => this.tickNo - (this.lastFrameTick.get(p) ?? Number.NEGATIVE_INFINITY) > limits.suspectAfterTicks);
    const lagging = pendingTicks > limits.suspectAfterTicks; // this loop was held up: its frames went out late
    if (quiet.length > 0 || lagging) this.wokeUntilTick = this.tickNo + limits.suspectAfterTicks;
    // While this node, or a peer that said `woke`, misses someone, no leader here sleeps.
    const unsettled = quiet.length > 0 || lagging || this.tickNo - this.wokeHeardTick <= limits.suspectAfterTicks;
    // The backstop for a wake-up path missed: every few ticks, not each one (on a thousand sleeping groups it was most of an idle node's work).
    const backstop = this.tickNo - this.backstopTick >= limits.sleepingBackstopTicks;
    if (backstop) this.backstopTick = this.tickNo;
    for (const g of groups) {
      if (g.asleep) {
        if (quiet.length > 0 || lagging) this.wakeAfterSilence(g, ticks);
        else if (backstop && (g.raw.hasReady() || g.hasQueuedWork())) g.asleep = false;
        continue;
      }
      if (!g.isLeader()) {
        g.quietTicks = 0;
        this.askLeaderToWake(g, quiet);
        continue;
      }
      if (unsettled || !g.raw.quiescent() || g.hasQueuedWork()) {
        g.quietTicks = 0;
        continue;
      }
      if (++g.quietTicks < limits.hibernateAfterTicks) continue;
      g.quietTicks = 0;
      g.asleep = true;
      const { id, term, lastIndex } = g.raw.basicStatus();
      for (const voter of g.raw.voters()) {
        if (voter === id) continue;
        const node = parseReplicaId(voter).node;
        let list = this.outgoingNotices.get(node);
        if (!list) this.outgoingNotices.set(node, (list = []));
        list.push({ group: g.id, term, index: lastIndex });
      }
    }
  }

  /** An awake follower that has not heard from its leader for a few ticks, though the leader's node sends frames, asks it to wake the group. */
  private askLeaderToWake(g: RaftGroup, quiet: readonly string[]): void {
    if (g.lead === "") return;
    const node = parseReplicaId(g.lead).node;
    // An awake leader heartbeats every tick: two ticks without a word means it is asleep (or gone).
    if (quiet.includes(node) || g.ticksSinceLeaderContact < 2) return;
    if (this.tickNo - g.wakeAskedAtTick < limits.hibernateAfterTicks) return;
    g.wakeAskedAtTick = this.tickNo;
    let list = this.outgoingWakes.get(node);
    if (!list) this.outgoingWakes.set(node, (list = []));
    list.push(g.id);
  }

  /** After the messages that arrived before them are stepped: followers settled with their leader's notice fall asleep. */
  stepNotice(from: NodeId, notice: HibernateNotice, get: (group: number) => RaftGroup | undefined): void {
    const g = get(notice.group);
    if (g && !g.asleep && g.raw.settledWith(from, toTerm(notice.term), logIndex(notice.index))) g.asleep = true;
  }

  /** The peers that have something to be sent. */
  signalsFor(): string[] {
    return [...new Set([...this.outgoingNotices.keys(), ...this.outgoingWakes.keys()])];
  }

  /** What this iteration's frame to `peer` carries (taken). */
  takeSignals(peer: string): HibernationSignals {
    const hibernating = this.outgoingNotices.get(peer) ?? [];
    const wake = this.outgoingWakes.get(peer) ?? [];
    this.outgoingNotices.delete(peer);
    this.outgoingWakes.delete(peer);
    return { hibernating, wake, woke: this.tickNo <= this.wokeUntilTick };
  }
}
