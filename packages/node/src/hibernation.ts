/**
 * Hibernation: Raft groups in which nothing happens stop ticking, so an idle
 * node does not spend its CPU on the heartbeats of a thousand idle shards
 * (as TiKV's hibernate regions and CockroachDB's quiescence do).
 *
 *   - A leader whose group is quiescent (every follower holds the whole log,
 *     committed and applied, nothing pending; RawNode.quiescent) for
 *     `hibernateAfterTicks` ticks in a row goes to sleep and tells its
 *     followers in its next frame to each (a notice: group, term, index).
 *   - A follower sleeps on that notice only if it follows that leader in that
 *     term and holds exactly that log, all committed (RawNode.settledWith).
 *   - A sleeping group is not ticked, nor looked at by the loop. It wakes
 *     when it has anything to do: a message that is not a heartbeat's
 *     answer (beforeStep), a proposal or a queued append (RaftGroup.wakeUp),
 *     a membership change or a transfer (membership.ts); each tick also
 *     wakes any that has a Ready, should a path have been missed.
 *   - Failure detection moves to the node: every node sends each peer a
 *     frame every tick, even an empty one. A peer not heard from for
 *     `suspectAfterTicks` wakes every sleeping group, and a follower whose
 *     leader is on that peer is given the ticks it missed, so it campaigns
 *     when it would have had it been awake: election timing is unchanged.
 */
import type { NodeId } from "@tributary/raft";
import { logIndex, MessageType, term as toTerm } from "@tributary/raft";
import type { Clock } from "./clock.js";
import { parseReplicaId } from "./ids.js";
import * as limits from "./limits.js";
import type { RaftGroup } from "./raft-group.js";

/** A leader's word that it stopped ticking a group at `term` with `index` entries, all committed. */
export interface HibernateNotice {
  readonly group: number;
  readonly term: number;
  readonly index: number;
}

export class Hibernation {
  /** When a frame last came from each peer (ms). */
  private readonly lastFrameAt = new Map<string, number>();
  /** Notices to send, by peer node. */
  private outgoing = new Map<string, HibernateNotice[]>();
  /** Notices received, stepped after the iteration's messages. */
  private incoming: { from: NodeId; notice: HibernateNotice }[] = [];

  constructor(
    private readonly clock: Clock,
    private readonly tickMs: number,
  ) {}

  /** A frame arrived from `node` (with or without messages). */
  heardFrom(node: string, incarnationReplica: NodeId, notices: readonly HibernateNotice[]): void {
    this.lastFrameAt.set(node, this.clock.now());
    for (const notice of notices) this.incoming.push({ from: incarnationReplica, notice });
  }

  /** Whether a frame came from `node` within `ms`. */
  heardWithin(node: string, ms: number): boolean {
    const at = this.lastFrameAt.get(node);
    return at !== undefined && this.clock.now() - at <= ms;
  }

  /** A message for `g` is about to be stepped: anything but a heartbeat's answer wakes it. */
  beforeStep(g: RaftGroup, type: MessageType): void {
    if (type !== MessageType.HeartbeatResponse) g.asleep = false;
  }

  /**
   * On a tick, before groups are ticked: peers gone quiet wake every sleeping
   * group (followers of a leader there get the ticks they missed); leaders
   * quiescent long enough fall asleep and queue their notices.
   */
  onTick(groups: Iterable<RaftGroup>, peers: readonly string[]): void {
    const now = this.clock.now();
    const quiet = peers.filter((p) => now - (this.lastFrameAt.get(p) ?? 0) > limits.suspectAfterTicks * this.tickMs);
    for (const g of groups) {
      if (g.asleep && quiet.length > 0) {
        g.asleep = false;
        const leaderNode = g.lead === "" ? "" : parseReplicaId(g.lead).node;
        if (quiet.includes(leaderNode)) {
          const missed = Math.floor((now - (this.lastFrameAt.get(leaderNode) ?? now)) / this.tickMs);
          for (let i = 0; i < Math.min(missed, 2 * limits.electionTimeoutTicks); i++) g.raw.tick();
        }
      }
      if (g.asleep) {
        // Whatever gives a group work wakes it; should anything have been missed, it waits one tick at most.
        if (g.raw.hasReady() || g.hasQueuedWork()) g.asleep = false;
        continue;
      }
      if (quiet.length > 0 || !g.isLeader() || !g.raw.quiescent() || g.hasQueuedWork()) {
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
        let list = this.outgoing.get(node);
        if (!list) this.outgoing.set(node, (list = []));
        list.push({ group: g.id, term, index: lastIndex });
      }
    }
  }

  /** After the iteration's messages are stepped: followers that are settled with their leader's notice fall asleep. */
  stepNotices(get: (group: number) => RaftGroup | undefined): void {
    const incoming = this.incoming;
    this.incoming = [];
    for (const { from, notice } of incoming) {
      const g = get(notice.group);
      if (g && !g.asleep && g.raw.settledWith(from, toTerm(notice.term), logIndex(notice.index))) g.asleep = true;
    }
  }

  /** Whether notices wait to be sent or stepped: the loop must run. */
  noticesWaiting(): boolean {
    return this.outgoing.size > 0 || this.incoming.length > 0;
  }

  /** The peers that have notices to be sent. */
  noticesFor(): string[] {
    return [...this.outgoing.keys()];
  }

  /** The notices to send to `peer` with this iteration's frame (taken). */
  takeNotices(peer: string): HibernateNotice[] {
    const list = this.outgoing.get(peer) ?? [];
    this.outgoing.delete(peer);
    return list;
  }
}
