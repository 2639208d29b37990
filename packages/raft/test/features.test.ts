/**
 * Behaviour beyond the paper's §5: PreVote and CheckQuorum (thesis §9.6,
 * §6.2), leader transfer (thesis §3.10), ReadIndex (thesis §6.4), snapshots
 * (§7), membership change (§6), flow control, and the RawNode Ready contract.
 */
import { describe, expect, it } from "vitest";
import { MemoryLogStore } from "../src/log-store.js";
import { RawNode } from "../src/raw-node.js";
import { createRandom } from "../src/random.js";
import { ImplausibleMessageError, ProposalDroppedError, StepLocalMessageError } from "../src/errors.js";
import { confChangeOf } from "../src/conf-change.js";
import { ProgressState } from "../src/progress.js";
import type { Message, NodeId } from "../src/types.js";
import { ConfChangeType, EntryType, logIndex, message, MessageType, StateType, term } from "../src/types.js";
import { A, B, C, D, hup, Network, newRaft, persistNow, propose, takeMessages } from "./helpers.js";

const abc = [A, B, C];

function tickUntil(net: Network, done: () => boolean, max = 200): void {
  for (let i = 0; i < max && !done(); i++) net.tickAll();
}

describe("PreVote and CheckQuorum (thesis §9.6, §6.2)", () => {
  it("a node cut off from the group does not raise its term, so it cannot disrupt the leader when it returns", () => {
    const net = Network.of(abc, { preVote: true, checkQuorum: true });
    net.elect(A);
    net.isolate(C);
    for (let i = 0; i < 100; i++) net.tickAll();
    expect(net.get(C).term).toBe(1);
    expect(net.get(C).state).toBe(StateType.PreCandidate);
    net.recover();
    for (let i = 0; i < 5; i++) net.tickAll();
    expect(net.get(A).state).toBe(StateType.Leader);
    expect(net.get(A).term).toBe(1);
    expect(net.get(C).lead).toBe(A);
  });

  it("without PreVote the same node comes back with a higher term and forces an election", () => {
    const net = Network.of(abc, { preVote: false, checkQuorum: false });
    net.elect(A);
    net.isolate(C);
    for (let i = 0; i < 100; i++) net.tickAll();
    expect(net.get(C).term).toBeGreaterThan(1);
  });

  it("a leader that cannot reach a quorum steps down after an election timeout", () => {
    const net = Network.of(abc, { checkQuorum: true });
    net.elect(A);
    net.isolate(A);
    // The first check still counts the answers to the election's Appends; the second finds nobody.
    for (let i = 0; i < 10; i++) net.tickAll();
    expect(net.get(A).state).toBe(StateType.Leader);
    for (let i = 0; i < 10; i++) net.tickAll();
    expect(net.get(A).state).toBe(StateType.Follower);
  });

  it("a follower that heard from its leader recently ignores vote requests of a higher term (leader lease)", () => {
    const net = Network.of(abc, { checkQuorum: true });
    net.elect(A);
    const b = net.get(B);
    b.step(message({ type: MessageType.Vote, from: C, to: B, term: term(5), index: logIndex(10), logTerm: term(5) }));
    expect(takeMessages(b)).toEqual([]);
    expect(b.term).toBe(1);
  });
});

describe("leader transfer (thesis §3.10)", () => {
  it("hands leadership to an up-to-date follower", () => {
    const net = Network.of(abc);
    net.elect(A);
    net.propose(A);
    net.send(message({ type: MessageType.TransferLeader, from: B, to: A }));
    expect(net.get(B).state).toBe(StateType.Leader);
    expect(net.get(A).state).toBe(StateType.Follower);
    expect(net.get(A).lead).toBe(B);
  });

  it("first brings a lagging transferee up to date", () => {
    const net = Network.of(abc);
    net.elect(A);
    net.isolate(C);
    net.propose(A);
    net.propose(A);
    net.recover();
    expect(net.get(C).log.lastIndex()).toBeLessThan(net.get(A).log.lastIndex());
    net.send(message({ type: MessageType.TransferLeader, from: C, to: A }));
    tickUntil(net, () => net.get(C).state === StateType.Leader);
    expect(net.get(C).state).toBe(StateType.Leader);
  });

  it("drops proposals while a transfer is in progress, and gives up after an election timeout", () => {
    const net = Network.of(abc);
    net.elect(A);
    net.isolate(C);
    net.get(A).step(message({ type: MessageType.TransferLeader, from: C }));
    net.send(...takeMessages(net.get(A)));
    expect(net.get(A).leadTransferee).toBe(C);
    expect(() => propose(net.get(A))).toThrow(ProposalDroppedError);
    for (let i = 0; i < 10; i++) net.tickAll();
    expect(net.get(A).leadTransferee).toBe("");
    expect(net.get(A).state).toBe(StateType.Leader);
  });
});

describe("ReadIndex (thesis §6.4)", () => {
  it("the leader answers with its commit index after a quorum confirms its leadership", () => {
    const net = Network.of(abc);
    net.elect(A);
    net.propose(A);
    const a = net.get(A);
    a.step(message({ type: MessageType.ReadIndex, context: new TextEncoder().encode("r1") }));
    net.send(...takeMessages(a));
    expect(a.readStates).toEqual([{ index: a.log.committed, requestContext: new TextEncoder().encode("r1") }]);
  });

  it("a leader cut off from the quorum never answers", () => {
    const net = Network.of(abc);
    net.elect(A);
    net.isolate(A);
    const a = net.get(A);
    a.step(message({ type: MessageType.ReadIndex, context: new TextEncoder().encode("r1") }));
    net.send(...takeMessages(a));
    expect(a.readStates).toEqual([]);
  });

  it("a follower's request is forwarded to the leader and answered with the leader's commit index", () => {
    const net = Network.of(abc);
    net.elect(A);
    net.propose(A);
    const b = net.get(B);
    b.step(message({ type: MessageType.ReadIndex, context: new TextEncoder().encode("rb") }));
    net.send(...takeMessages(b));
    expect(b.readStates.map((r) => r.index)).toEqual([net.get(A).log.committed]);
  });

  it("a new leader holds read requests until an entry of its own term commits", () => {
    const a = newRaft(A, abc);
    hup(a);
    a.step(message({ type: MessageType.VoteResponse, from: B, to: A, term: a.term }));
    expect(a.state).toBe(StateType.Leader);
    persistNow(a);
    takeMessages(a);
    a.step(message({ type: MessageType.ReadIndex, context: new TextEncoder().encode("early") }));
    // No heartbeat round yet: the leader does not know its commit index is current.
    expect(takeMessages(a).filter((m) => m.type === MessageType.Heartbeat)).toEqual([]);
    a.step(message({ type: MessageType.AppendResponse, from: B, to: A, term: a.term, index: a.log.lastIndex() }));
    const heartbeats = takeMessages(a).filter((m) => m.type === MessageType.Heartbeat);
    expect(heartbeats.length).toBe(2);
    a.step(message({ type: MessageType.HeartbeatResponse, from: B, to: A, term: a.term, context: heartbeats[0]?.context ?? new Uint8Array() }));
    expect(a.readStates.map((r) => r.index)).toEqual([a.log.committed]);
  });
});

describe("snapshots and log compaction (§7)", () => {
  it("a follower behind the leader's compacted log is brought up to date with a snapshot", () => {
    const stores = new Map(abc.map((id) => [id, MemoryLogStore.withVoters(abc)]));
    const net = new Network(abc.map((id) => newRaft(id, abc, { store: stores.get(id) as MemoryLogStore })));
    net.elect(A);
    net.isolate(C);
    for (let i = 0; i < 10; i++) net.propose(A, `e${i}`);
    // Persist what A has and compact it.
    const a = net.get(A);
    const storeA = stores.get(A) as MemoryLogStore;
    storeA.append(a.log.unstableEntries());
    a.log.stableTo(a.log.lastIndex(), a.term);
    const committed = a.log.committed;
    a.log.appliedTo(committed);
    storeA.createSnapshot(committed, { voters: abc }, new TextEncoder().encode("state"));
    storeA.compact(committed);
    net.recover();
    tickUntil(net, () => net.get(C).log.committed >= committed);
    const c = net.get(C);
    expect(c.log.committed).toBeGreaterThanOrEqual(committed);
    expect(c.log.unstable.snapshot?.metadata.index).toBe(committed);
    expect(net.delivered.some((m) => m.type === MessageType.Snapshot && m.to === C)).toBe(true);
  });
});

describe("membership change (§6, one member at a time)", () => {
  function applyCommittedConfChanges(net: Network): void {
    for (const r of net.peers.values()) {
      for (const e of r.log.nextCommittedEntries()) {
        if (e.type === EntryType.ConfChange) r.applyConfChange(confChangeOf(e));
        r.log.appliedTo(e.index);
      }
    }
  }

  it("adds a fourth member, which catches up and counts towards the quorum", () => {
    // A brand-new member starts empty and learns the membership from the log.
    const d = newRaft(D, [], { store: new MemoryLogStore() });
    const net = new Network([...abc.map((id) => newRaft(id, abc, { store: MemoryLogStore.bootstrap(abc) })), d]);
    applyCommittedConfChanges(net);
    net.elect(A);
    applyCommittedConfChanges(net);
    const cc = new Uint8Array([ConfChangeType.AddNode, ...new TextEncoder().encode(D)]);
    net.send(message({ type: MessageType.Propose, from: A, to: A, entries: [{ term: term(0), index: logIndex(0), type: EntryType.ConfChange, data: cc }] }));
    applyCommittedConfChanges(net);
    expect(net.get(A).voters).toEqual([A, B, C, D]);
    net.propose(A, "after-add");
    tickUntil(net, () => d.log.committed === net.get(A).log.committed);
    applyCommittedConfChanges(net);
    expect(d.voters).toEqual([A, B, C, D]);
    // With four voters, a quorum is three: A and B alone cannot commit.
    net.isolate(C);
    net.isolate(D);
    const before = net.get(A).log.committed;
    net.propose(A, "needs-three");
    expect(net.get(A).log.committed).toBe(before);
  });

  it("a member added after the leader's last snapshot catches up from that snapshot and the entries after it", () => {
    const stores = new Map(abc.map((id) => [id, MemoryLogStore.bootstrap(abc)]));
    const d = newRaft(D, [], { store: new MemoryLogStore() });
    const net = new Network([...abc.map((id) => newRaft(id, abc, { store: stores.get(id) as MemoryLogStore })), d]);
    applyCommittedConfChanges(net);
    net.elect(A);
    net.propose(A, "before-snapshot");
    applyCommittedConfChanges(net);
    // A snapshots and compacts while the membership is still a, b, c.
    const a = net.get(A);
    const storeA = stores.get(A) as MemoryLogStore;
    storeA.append(a.log.unstableEntries());
    a.log.stableTo(a.log.lastIndex(), a.term);
    storeA.createSnapshot(a.log.applied, { voters: abc }, new TextEncoder().encode("state"));
    storeA.compact(a.log.applied);
    const cc = new Uint8Array([ConfChangeType.AddNode, ...new TextEncoder().encode(D)]);
    net.send(message({ type: MessageType.Propose, from: A, to: A, entries: [{ term: term(0), index: logIndex(0), type: EntryType.ConfChange, data: cc }] }));
    applyCommittedConfChanges(net);
    tickUntil(net, () => d.log.committed === a.log.committed && d.log.lastIndex() === a.log.lastIndex());
    expect(net.delivered.some((m) => m.type === MessageType.Snapshot && m.to === D)).toBe(true);
    // Installing the snapshot gave D the old membership; the log after it adds D.
    const snapshot = d.log.unstable.snapshot;
    expect(snapshot?.metadata.confState.voters).toEqual(abc);
    d.log.stableSnapshotTo(snapshot?.metadata.index ?? logIndex(0));
    d.log.appliedTo(snapshot?.metadata.index ?? logIndex(0));
    expect(d.promotable()).toBe(false);
    for (const e of d.log.nextCommittedEntries()) {
      if (e.type === EntryType.ConfChange) d.applyConfChange(confChangeOf(e));
      d.log.appliedTo(e.index);
    }
    expect(d.voters).toEqual([A, B, C, D]);
    expect(d.promotable()).toBe(true);
  });

  it("accepts only one configuration change until it is applied", () => {
    const net = Network.of(abc);
    net.elect(A);
    const a = net.get(A);
    for (const e of a.log.nextCommittedEntries()) a.log.appliedTo(e.index);
    const proposeCc = (id: NodeId, type: ConfChangeType) =>
      a.step(message({ type: MessageType.Propose, from: A, entries: [{ term: term(0), index: logIndex(0), type: EntryType.ConfChange, data: new Uint8Array([type, ...new TextEncoder().encode(id)]) }] }));
    net.isolate(A); // nothing commits
    proposeCc(D, ConfChangeType.AddNode);
    expect(() => proposeCc(C, ConfChangeType.RemoveNode)).toThrow(ProposalDroppedError);
  });

  it("a removed leader steps down and cannot campaign", () => {
    const net = Network.of(abc);
    net.elect(A);
    const a = net.get(A);
    a.applyConfChange({ type: ConfChangeType.RemoveNode, nodeId: A });
    expect(a.state).toBe(StateType.Follower);
    expect(a.promotable()).toBe(false);
    for (let i = 0; i < 50; i++) a.tick();
    expect(a.state).toBe(StateType.Follower);
  });
});

describe("flow control", () => {
  it("never has more Append messages in flight to a follower than the limit", () => {
    const a = newRaft(A, abc, { inflightMessagesMax: 3 });
    hup(a);
    a.step(message({ type: MessageType.VoteResponse, from: B, to: A, term: a.term }));
    a.step(message({ type: MessageType.AppendResponse, from: B, to: A, term: a.term, index: a.log.lastIndex() }));
    takeMessages(a);
    expect(a.progress.get(B)?.state).toBe(ProgressState.Replicate);
    for (let i = 0; i < 10; i++) propose(a, `p${i}`);
    const toB = takeMessages(a).filter((m) => m.type === MessageType.Append && m.to === B && m.entries.length > 0);
    expect(toB.length).toBe(3);
  });

  it("caps the payload of one Append message", () => {
    const a = newRaft(A, abc, { appendMessageBytesMax: 10 });
    hup(a);
    a.step(message({ type: MessageType.VoteResponse, from: B, to: A, term: a.term }));
    takeMessages(a);
    for (let i = 0; i < 5; i++) propose(a, "12345678");
    takeMessages(a);
    // C answers the first probe: everything after index 0 is missing.
    a.step(message({ type: MessageType.AppendResponse, from: C, to: A, term: a.term, index: logIndex(0) }));
    const appends = takeMessages(a).filter((m) => m.type === MessageType.Append && m.to === C);
    for (const m of appends) expect(m.entries.reduce((n, e) => n + e.data.byteLength, 0) <= 10 || m.entries.length === 1).toBe(true);
  });

  it("drops proposals once too many bytes are uncommitted", () => {
    const a = newRaft(A, abc, { uncommittedBytesMax: 20 });
    hup(a);
    a.step(message({ type: MessageType.VoteResponse, from: B, to: A, term: a.term }));
    propose(a, "0123456789");
    propose(a, "0123456789");
    expect(() => propose(a, "0123456789")).toThrow(ProposalDroppedError);
  });
});

describe("RawNode and the Ready contract", () => {
  function node(id: NodeId, store: MemoryLogStore): RawNode {
    return new RawNode({ id, store, random: createRandom(1), electionTimeoutTicks: 10, heartbeatIntervalTicks: 1 });
  }

  /** Persist, send nothing, apply, advance: returns the Ready for inspection. */
  function handle(n: RawNode, store: MemoryLogStore) {
    const rd = n.ready();
    if (rd.snapshot) store.applySnapshot(rd.snapshot);
    store.append(rd.entries);
    if (rd.hardState) store.setHardState(rd.hardState);
    n.advance();
    return rd;
  }

  it("a single-node group elects itself and commits proposals through Ready, once they are persisted", () => {
    const store = MemoryLogStore.bootstrap([A]);
    const n = node(A, store);
    // The bootstrap configuration entries come back as committed first.
    const first = handle(n, store);
    expect(first.committedEntries.map((e) => e.type)).toEqual([EntryType.ConfChange]);
    n.campaign();
    expect(n.isLeader()).toBe(true);
    const pos = n.propose(new TextEncoder().encode("hello"));
    // The leader's own entries count only once persisted: this Ready persists them ...
    const persisted = handle(n, store);
    expect(persisted.mustSync).toBe(true);
    expect(persisted.hardState?.term).toBe(2);
    expect(persisted.entries.at(-1)?.index).toBe(pos.index);
    expect(persisted.committedEntries).toEqual([]);
    // ... and the next one applies them.
    const rd = handle(n, store);
    expect(rd.committedEntries.at(-1)?.index).toBe(pos.index);
    expect(new TextDecoder().decode(rd.committedEntries.at(-1)?.data)).toBe("hello");
    expect(n.hasReady()).toBe(false);
  });

  it("lets a leader's Appends leave before its own write, and counts its own entries only once persisted", () => {
    const store = MemoryLogStore.bootstrap(abc);
    const n = node(A, store);
    handle(n, store);
    n.campaign();
    // B grants the (pre-)vote requests; each Ready is persisted before its requests leave.
    for (let round = 0; round < 3 && !n.isLeader(); round++) {
      for (const m of handle(n, store).messages) {
        if (m.to === B && (m.type === MessageType.PreVote || m.type === MessageType.Vote)) n.step(message({ type: m.type === MessageType.PreVote ? MessageType.PreVoteResponse : MessageType.VoteResponse, from: B, to: A, term: m.term }));
      }
    }
    expect(n.isLeader()).toBe(true);
    handle(n, store); // the leader's empty entry
    const acked = n.status().lastIndex;
    const leaderTerm = term(n.status().term);
    n.step(message({ type: MessageType.AppendResponse, from: B, to: A, term: leaderTerm, index: acked }));
    handle(n, store);
    const pos = n.propose(new TextEncoder().encode("early"));
    const rd = n.ready();
    // The Append carrying the new entry may go now, while it is written here (to B; C never answered, so it is only probed).
    expect(rd.appendsBeforePersist.map((m) => [m.type, m.to, m.entries.at(-1)?.index])).toEqual([[MessageType.Append, B, pos.index]]);
    expect(rd.messages.filter((m) => m.type === MessageType.Append)).toEqual([]);
    // B's acknowledgement arrives before the leader's write is done: one of three, not a majority yet.
    n.step(message({ type: MessageType.AppendResponse, from: B, to: A, term: leaderTerm, index: pos.index }));
    expect(n.basicStatus().commit).toBeLessThan(pos.index);
    store.append(rd.entries);
    n.advance();
    // Now the leader holds it too: committed.
    expect(n.basicStatus().commit).toBe(pos.index);
  });

  it("sends nothing before persisting a Ready that changes the term or vote", () => {
    const store = MemoryLogStore.bootstrap([A]);
    const n = node(A, store);
    handle(n, store);
    n.campaign(); // a single voter: leader at once, in a term not yet on disk
    const rd = n.ready();
    expect(rd.hardState?.term).toBe(2);
    expect(rd.appendsBeforePersist).toEqual([]);
  });

  it("the Ready that sends a vote also holds the hard state recording it", () => {
    const store = MemoryLogStore.bootstrap(abc);
    const n = node(B, store);
    handle(n, store);
    n.step(message({ type: MessageType.Vote, from: A, to: B, term: term(2), index: logIndex(3), logTerm: term(1) }));
    const rd = n.ready();
    expect(rd.messages.map((m: Message) => [m.type, m.reject])).toEqual([[MessageType.VoteResponse, false]]);
    expect(rd.hardState).toEqual({ term: 2, vote: A, commit: 3 });
    expect(rd.mustSync).toBe(true);
  });

  it("restarts from its store with the same term, vote and log, and re-delivers entries after `applied`", () => {
    const store = MemoryLogStore.bootstrap([A]);
    const n = node(A, store);
    handle(n, store);
    n.campaign();
    n.propose(new TextEncoder().encode("x"));
    handle(n, store);
    handle(n, store); // committed once persisted: the commit index is stored with the next Ready
    const restarted = new RawNode({ id: A, store, random: createRandom(2), applied: logIndex(1) });
    expect(restarted.status().term).toBe(2);
    expect(restarted.status().vote).toBe(A);
    const rd = restarted.ready();
    expect(rd.committedEntries.map((e) => e.index)).toEqual([2, 3]);
  });

  it("withholds an acknowledgement whose entry a later step replaced before the Ready was persisted", () => {
    const store = MemoryLogStore.bootstrap(abc);
    const n = node(C, store);
    handle(n, store);
    // Leader A of term 2 sends entries 4 and 5; C acknowledges 5 ...
    const fromA = [4, 5].map((i) => ({ term: term(2), index: logIndex(i), type: EntryType.Normal, data: new Uint8Array([i]) }));
    n.step(message({ type: MessageType.Append, from: A, to: C, term: term(2), index: logIndex(3), logTerm: term(1), entries: fromA }));
    // ... then, before that Ready is handled, leader B of term 3 replaces entry 5.
    const fromB = [{ term: term(3), index: logIndex(5), type: EntryType.Normal, data: new Uint8Array([9]) }];
    n.step(message({ type: MessageType.Append, from: B, to: C, term: term(3), index: logIndex(4), logTerm: term(2), entries: fromB }));
    const rd = n.ready();
    expect(rd.entries.map((e) => [e.index, e.term])).toEqual([[4, 2], [5, 3]]);
    const acks = rd.messages.filter((m) => m.type === MessageType.AppendResponse && !m.reject);
    // Only B's ack goes out: A's ack of (5, term 2) would promise an entry C never stores.
    expect(acks.map((m) => [m.to, m.index, m.logTerm])).toEqual([[B, 5, 3]]);
  });

  it("a Ready holding only a received snapshot must be synced: its messages acknowledge the snapshot", () => {
    const store = MemoryLogStore.bootstrap(abc);
    const n = node(C, store);
    handle(n, store);
    // Leader A of term 2 (already known to C) sends a snapshot at index 10.
    n.step(message({ type: MessageType.Heartbeat, from: A, to: C, term: term(2), commit: logIndex(3) }));
    handle(n, store);
    const snapshot = { metadata: { index: logIndex(10), term: term(2), confState: { voters: abc } }, data: new Uint8Array([7]) };
    n.step(message({ type: MessageType.Snapshot, from: A, to: C, term: term(2), snapshot }));
    const rd = n.ready();
    expect(rd.snapshot?.metadata.index).toBe(10);
    expect(rd.entries).toEqual([]);
    expect(rd.hardState?.term ?? 2).toBe(2);
    const acks = rd.messages.filter((m) => m.type === MessageType.AppendResponse && !m.reject);
    expect(acks.map((m) => m.index)).toEqual([10]);
    // An embedder that fsyncs only when told must fsync here, or a crash after the ack loses the snapshot.
    expect(rd.mustSync).toBe(true);
  });

  it("refuses local message types from the network", () => {
    const n = node(A, MemoryLogStore.bootstrap(abc));
    expect(() => n.step(message({ type: MessageType.Hup, from: B }))).toThrow(StepLocalMessageError);
  });

  it("a follower refuses proposals with ProposalDroppedError naming the leader", () => {
    const store = MemoryLogStore.bootstrap(abc);
    const n = node(B, store);
    handle(n, store);
    n.step(message({ type: MessageType.Heartbeat, from: A, to: B, term: term(2), commit: logIndex(3) }));
    expect(() => n.propose(new Uint8Array([1]))).toThrow(/leader is a/);
  });
});

describe("messages that contradict the receiver's log", () => {
  it("an AppendResponse acknowledging an index past the leader's log is refused, and changes nothing", () => {
    const net = Network.of(abc);
    net.elect(A);
    net.propose(A);
    const leader = net.get(A);
    const last = leader.log.lastIndex();
    const committed = leader.log.committed;
    expect(() => leader.step(message({ type: MessageType.AppendResponse, from: B, to: A, term: leader.term, index: logIndex(last + 100) }))).toThrow(ImplausibleMessageError);
    expect(leader.log.committed).toBe(committed);
    expect(leader.progress.get(B)?.match).toBeLessThanOrEqual(last);
    // The group goes on as before.
    net.propose(A);
    expect(net.get(B).log.committed).toBe(last + 1);
    expect(leader.state).toBe(StateType.Leader);
  });

  it("a Heartbeat committing past the follower's log is refused, and changes nothing", () => {
    const net = Network.of(abc);
    net.elect(A);
    net.propose(A);
    const follower = net.get(B);
    const last = follower.log.lastIndex();
    const committed = follower.log.committed;
    expect(() => follower.step(message({ type: MessageType.Heartbeat, from: A, to: B, term: follower.term, commit: logIndex(last + 5) }))).toThrow(ImplausibleMessageError);
    expect(follower.log.committed).toBe(committed);
    net.propose(A);
    expect(follower.log.committed).toBe(last + 1);
  });
});

describe("quiescence (an embedder may stop ticking an idle group)", () => {
  const applyAll = (net: Network) => {
    for (const r of net.peers.values()) r.log.appliedTo(r.log.committed);
  };

  it("a leader is quiescent once every voter holds its whole log, committed and applied; each follower is then settled with it", () => {
    const net = Network.of(abc, { checkQuorum: true });
    net.elect(A);
    net.propose(A);
    const a = net.get(A);
    expect(a.quiescent()).toBe(false); // committed, not applied
    applyAll(net);
    net.tickAll(); // a heartbeat carries the commit index to the followers
    applyAll(net);
    expect(a.quiescent()).toBe(true);
    const last = a.log.lastIndex();
    for (const id of [B, C]) {
      expect(net.get(id).settledWith(A, a.term, last)).toBe(true);
      expect(net.get(id).settledWith(A, a.term, logIndex(last - 1))).toBe(false); // another log
      expect(net.get(id).settledWith(B, a.term, last)).toBe(false); // another leader
      expect(net.get(id).settledWith(A, term(a.term + 1), last)).toBe(false); // another term
    }
    expect(net.get(B).quiescent()).toBe(false); // only a leader is
  });

  it("is not quiescent while a follower lags or a transfer is under way", () => {
    const net = Network.of(abc, { checkQuorum: true });
    net.elect(A);
    net.isolate(C);
    net.propose(A);
    applyAll(net);
    net.tickAll();
    applyAll(net);
    const a = net.get(A);
    expect(a.quiescent()).toBe(false); // C lacks the entry
    expect(net.get(C).settledWith(A, a.term, a.log.lastIndex())).toBe(false);
    net.recover();
    net.tickAll(); // C's answer shows it behind; the leader sends it the entry
    applyAll(net);
    net.tickAll();
    applyAll(net);
    expect(a.quiescent()).toBe(true);
    net.ignore(MessageType.TimeoutNow);
    net.send(message({ type: MessageType.TransferLeader, from: B, to: A }));
    expect(a.leadTransferee).toBe(B);
    expect(a.quiescent()).toBe(false);
  });
});

describe("a leader that was not ticked for a while", () => {
  it("restarting its quorum check makes it step down one election timeout later if no follower answers", () => {
    const net = Network.of(abc, { checkQuorum: true });
    net.elect(A);
    net.tickAll(); // every follower answered: all recently active
    const a = net.get(A);
    net.isolate(A);
    a.restartQuorumCheck();
    for (let i = 0; i < a.electionTimeout - 1; i++) net.tickAll();
    expect(a.state).toBe(StateType.Leader);
    net.tickAll(); // the round ends with no fresh answer
    expect(a.state).toBe(StateType.Follower);
  });
});
