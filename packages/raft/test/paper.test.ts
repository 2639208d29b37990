/**
 * The claims of the Raft paper (§5.1–§5.4), one test per claim, named by
 * section. Each drives single rafts or a small synchronous network; PreVote
 * and CheckQuorum are off here, as in the paper.
 */
import { describe, expect, it } from "vitest";
import { Raft } from "../src/raft.js";
import { MemoryLogStore } from "../src/log-store.js";
import type { Entry, NodeId } from "../src/types.js";
import { logIndex, message, MessageType, NONE, StateType, term } from "../src/types.js";
import { A, B, C, D, E, entriesWithTerms, hup, ids, Network, newRaft, persistNow, propose, storeWithLog, takeMessages } from "./helpers.js";

const abc = [A, B, C];
const abcde = [A, B, C, D, E];

function grantVote(r: Raft, from: NodeId): void {
  r.step(message({ type: MessageType.VoteResponse, from, to: r.id, term: r.term }));
  persistNow(r);
}

/** Elects `r` by giving it one vote besides its own (enough in a group of three). */
function makeLeader(r: Raft): void {
  hup(r);
  const other = r.voters.find((id) => id !== r.id) as NodeId;
  for (const id of r.voters) if (id !== r.id && r.state !== StateType.Leader) grantVote(r, id === other ? id : other);
  expect(r.state).toBe(StateType.Leader);
}

/** Acknowledges everything the leader has so far from every follower. */
function ackAll(r: Raft): void {
  for (const id of r.voters) {
    if (id === r.id) continue;
    r.step(message({ type: MessageType.AppendResponse, from: id, to: r.id, term: r.term, index: r.log.lastIndex() }));
  }
}

function allEntries(r: Raft): Entry[] {
  return r.log.slice(r.log.firstIndex(), logIndex(r.log.lastIndex() + 1), Infinity);
}

const termsOf = (entries: readonly Entry[]) => entries.map((e) => [e.term, e.index]);

describe("§5.1 server states and terms", () => {
  it("§5.1 every server starts as a follower", () => {
    const r = newRaft(A, abc);
    expect(r.state).toBe(StateType.Follower);
    expect(r.term).toBe(0);
  });

  for (const role of ["follower", "candidate", "leader"] as const) {
    it(`§5.1 a ${role} that sees a larger term adopts it and becomes a follower`, () => {
      const r = newRaft(A, abc);
      if (role === "candidate") hup(r);
      if (role === "leader") makeLeader(r);
      r.step(message({ type: MessageType.Append, from: B, to: A, term: term(5) }));
      expect(r.term).toBe(5);
      expect(r.state).toBe(StateType.Follower);
      expect(r.lead).toBe(B);
    });
  }

  const responses: [string, MessageType, "candidate" | "leader"][] = [
    ["a vote response", MessageType.VoteResponse, "candidate"],
    ["an append response", MessageType.AppendResponse, "leader"],
    ["a heartbeat response", MessageType.HeartbeatResponse, "leader"],
  ];
  for (const [what, type, role] of responses) {
    it(`§5.1 a ${role} that sees a larger term in ${what} adopts it and steps down`, () => {
      const r = newRaft(A, abc);
      if (role === "candidate") hup(r);
      else makeLeader(r);
      takeMessages(r);
      r.step(message({ type, from: B, to: A, term: term(7), reject: type === MessageType.VoteResponse, index: logIndex(1) }));
      expect(r.term).toBe(7);
      expect(r.state).toBe(StateType.Follower);
      // A response names no leader: the new term's leader is not known yet.
      expect(r.lead).toBe(NONE);
      expect(r.vote).toBe(NONE);
    });
  }

  it("§5.1 a request with a stale term is rejected (ignored)", () => {
    const store = MemoryLogStore.withVoters(abc);
    store.setHardState({ term: term(2), vote: NONE, commit: logIndex(0) });
    const r = newRaft(A, abc, { store });
    r.step(message({ type: MessageType.Append, from: B, to: A, term: term(1), entries: entriesWithTerms([1]) }));
    r.step(message({ type: MessageType.Vote, from: B, to: A, term: term(1) }));
    expect(takeMessages(r)).toEqual([]);
    expect(r.term).toBe(2);
    expect(r.log.lastIndex()).toBe(0);
  });
});

describe("§5.2 leader election", () => {
  it("§5.2 a leader sends heartbeats to all followers every heartbeat interval", () => {
    const r = newRaft(A, abc);
    makeLeader(r);
    takeMessages(r);
    r.tick();
    const msgs = takeMessages(r);
    expect(msgs.map((m) => [m.type, m.to, m.term, m.commit])).toEqual([
      [MessageType.Heartbeat, B, 1, 0],
      [MessageType.Heartbeat, C, 1, 0],
    ]);
  });

  for (const role of ["follower", "candidate"] as const) {
    it(`§5.2 a ${role} that hears nothing for an election timeout starts an election: new term, votes for itself, asks everyone`, () => {
      const r = newRaft(A, abc);
      if (role === "candidate") hup(r);
      const before = r.term;
      takeMessages(r);
      for (let i = 0; i < 2 * r.electionTimeout; i++) r.tick();
      expect(r.term).toBe(before + 1);
      expect(r.state).toBe(StateType.Candidate);
      expect(r.vote).toBe(A);
      expect(takeMessages(r).map((m) => [m.type, m.to, m.term])).toEqual([
        [MessageType.Vote, B, before + 1],
        [MessageType.Vote, C, before + 1],
      ]);
    });
  }

  const outcomes: [number, Record<string, boolean>, StateType][] = [
    [1, {}, StateType.Leader],
    [3, { b: true, c: true }, StateType.Leader],
    [3, { b: true }, StateType.Leader],
    [5, { b: true, c: true, d: true, e: true }, StateType.Leader],
    [5, { b: true, c: true }, StateType.Leader],
    [3, { b: false, c: false }, StateType.Follower],
    [5, { b: false, c: false, d: false, e: false }, StateType.Follower],
    [5, { b: true, c: false, d: false, e: false }, StateType.Follower],
    [3, {}, StateType.Candidate],
    [5, { b: true }, StateType.Candidate],
    [5, { b: false, c: false }, StateType.Candidate],
    [5, {}, StateType.Candidate],
  ];
  for (const [size, votes, expected] of outcomes) {
    it(`§5.2 a candidate in a group of ${size} with votes ${JSON.stringify(votes)} ends as ${expected}`, () => {
      const voters = abcde.slice(0, size);
      const r = newRaft(A, voters);
      hup(r);
      for (const [id, granted] of Object.entries(votes)) {
        r.step(message({ type: MessageType.VoteResponse, from: id as NodeId, to: A, term: r.term, reject: !granted }));
      }
      expect(r.state).toBe(expected);
      expect(r.term).toBe(1);
    });
  }

  const voteCases: [NodeId, NodeId, boolean][] = [
    [NONE, B, false],
    [NONE, C, false],
    [B, B, false],
    [C, C, false],
    [B, C, true],
    [C, B, true],
  ];
  for (const [votedFor, candidate, rejected] of voteCases) {
    it(`§5.2 a follower that voted for ${votedFor || "nobody"} ${rejected ? "rejects" : "grants"} a vote to ${candidate} in the same term (first come, first served)`, () => {
      const store = MemoryLogStore.withVoters(abc);
      store.setHardState({ term: term(1), vote: votedFor, commit: logIndex(0) });
      const r = newRaft(A, abc, { store });
      r.step(message({ type: MessageType.Vote, from: candidate, to: A, term: term(1) }));
      expect(takeMessages(r).map((m) => [m.type, m.to, m.term, m.reject])).toEqual([[MessageType.VoteResponse, candidate, 1, rejected]]);
    });
  }

  for (const t of [1, 2]) {
    it(`§5.2 a candidate receiving an Append from a leader of term ${t} (>= its own) returns to follower`, () => {
      const r = newRaft(A, abc);
      hup(r);
      r.step(message({ type: MessageType.Append, from: B, to: A, term: term(t) }));
      expect(r.state).toBe(StateType.Follower);
      expect(r.term).toBe(t);
      expect(r.lead).toBe(B);
    });
  }

  it("§5.2 election timeouts are randomized over [timeout, 2 × timeout)", () => {
    const seen = new Set<number>();
    for (let seed = 0; seed < 200; seed++) {
      const r = newRaft(A, abc, { seed });
      let ticks = 0;
      while (r.state === StateType.Follower && ticks < 100) {
        r.tick();
        ticks++;
      }
      seen.add(ticks);
    }
    expect(Math.min(...seen)).toBeGreaterThanOrEqual(10);
    expect(Math.max(...seen)).toBeLessThan(20);
    expect(seen.size).toBeGreaterThan(5);
  });

  it("§5.2 a three-node cluster elects exactly one leader and the others follow it", () => {
    const net = Network.of(abc);
    net.elect(A);
    expect(net.get(A).state).toBe(StateType.Leader);
    expect(net.get(B).lead).toBe(A);
    expect(net.get(C).lead).toBe(A);
    expect([...net.peers.values()].every((r) => r.term === 1)).toBe(true);
  });

  it("§5.2 a candidate cut off from a majority cannot win", () => {
    const net = Network.of(abc);
    net.isolate(A);
    net.elect(A);
    expect(net.get(A).state).toBe(StateType.Candidate);
  });
});

describe("§5.3 log replication", () => {
  it("§5.3 the leader appends a proposal to its log and sends it to every follower", () => {
    const r = newRaft(A, abc);
    makeLeader(r);
    ackAll(r);
    takeMessages(r);
    const li = r.log.lastIndex();
    propose(r, "some data");
    expect(r.log.lastIndex()).toBe(li + 1);
    expect(r.log.committed).toBe(li);
    const msgs = takeMessages(r);
    expect(msgs.map((m) => [m.type, m.to, m.index, m.logTerm, m.commit, termsOf(m.entries)])).toEqual([
      [MessageType.Append, B, li, 1, li, [[1, li + 1]]],
      [MessageType.Append, C, li, 1, li, [[1, li + 1]]],
    ]);
  });

  it("§5.3 the leader commits an entry once a majority stores it, and tells the followers", () => {
    const r = newRaft(A, abc);
    makeLeader(r);
    ackAll(r);
    takeMessages(r);
    const li = r.log.lastIndex();
    propose(r, "some data");
    for (const m of takeMessages(r)) r.step(message({ type: MessageType.AppendResponse, from: m.to, to: A, term: m.term, index: logIndex(m.index + m.entries.length) }));
    expect(r.log.committed).toBe(li + 1);
    expect(r.log.nextCommittedEntries().map((e) => new TextDecoder().decode(e.data))).toContain("some data");
    const msgs = takeMessages(r);
    expect(msgs.map((m) => [m.type, m.to, m.commit])).toEqual([
      [MessageType.Append, B, li + 1],
      [MessageType.Append, C, li + 1],
    ]);
  });

  const ackCases: [number, NodeId[], boolean][] = [
    [1, [], true],
    [3, [], false],
    [3, [B], true],
    [3, [B, C], true],
    [5, [], false],
    [5, [B], false],
    [5, [B, C], true],
    [5, [B, C, D], true],
    [5, [B, C, D, E], true],
  ];
  for (const [size, acceptors, committed] of ackCases) {
    it(`§5.3 in a group of ${size}, acknowledgements from ${JSON.stringify(acceptors)} ${committed ? "commit" : "do not commit"} the entry`, () => {
      const voters = abcde.slice(0, size);
      const r = newRaft(A, voters);
      hup(r);
      for (const id of voters.slice(1)) grantVote(r, id);
      expect(r.state).toBe(StateType.Leader);
      ackAll(r);
      takeMessages(r);
      const li = r.log.lastIndex();
      propose(r);
      for (const m of takeMessages(r)) {
        if (acceptors.includes(m.to)) r.step(message({ type: MessageType.AppendResponse, from: m.to, to: A, term: m.term, index: logIndex(m.index + m.entries.length) }));
      }
      expect(r.log.committed > li).toBe(committed);
    });
  }

  const precedingCases: number[][] = [[], [2], [1, 2], [1]];
  for (const terms of precedingCases) {
    it(`§5.3 committing an entry also commits all preceding entries (prior log terms ${JSON.stringify(terms)})`, () => {
      const store = storeWithLog(abc, terms);
      store.setHardState({ term: term(2), vote: NONE, commit: logIndex(0) });
      const r = newRaft(A, abc, { store });
      makeLeader(r);
      propose(r, "some data");
      for (const m of takeMessages(r)) {
        if (m.type === MessageType.Append) r.step(message({ type: MessageType.AppendResponse, from: m.to, to: A, term: m.term, index: r.log.lastIndex() }));
      }
      const li = terms.length;
      expect(termsOf(r.log.nextCommittedEntries())).toEqual([...terms.map((t, i) => [t, i + 1]), [3, li + 1], [3, li + 2]]);
    });
  }

  it("§5.3 a follower learns the commit index from the leader and applies up to it", () => {
    const r = newRaft(B, abc);
    r.step(message({ type: MessageType.Append, from: A, to: B, term: term(1), index: logIndex(0), logTerm: term(0), entries: entriesWithTerms([1, 1]), commit: logIndex(1) }));
    expect(r.log.committed).toBe(1);
    expect(termsOf(r.log.nextCommittedEntries())).toEqual([[1, 1]]);
  });

  // The follower holds [(1,1), (2,2)] and has committed index 1.
  const checkCases: { prevTerm: number; prevIndex: number; reject: boolean; index: number; hint?: number; hintTerm?: number }[] = [
    { prevTerm: 0, prevIndex: 0, reject: false, index: 1 }, // before the commit index: answered with the commit index
    { prevTerm: 1, prevIndex: 1, reject: false, index: 1 },
    { prevTerm: 2, prevIndex: 2, reject: false, index: 2 },
    { prevTerm: 1, prevIndex: 2, reject: true, index: 2, hint: 1, hintTerm: 1 }, // term mismatch at index 2
    { prevTerm: 3, prevIndex: 3, reject: true, index: 3, hint: 2, hintTerm: 2 }, // index past the end of the log
  ];
  for (const c of checkCases) {
    it(`§5.3 a follower ${c.reject ? "rejects" : "accepts"} an Append whose previous entry is (term ${c.prevTerm}, index ${c.prevIndex})`, () => {
      const store = storeWithLog(abc, [1, 2]);
      store.setHardState({ term: term(2), vote: NONE, commit: logIndex(1) });
      const r = newRaft(B, abc, { store });
      r.step(message({ type: MessageType.Append, from: A, to: B, term: term(2), logTerm: term(c.prevTerm), index: logIndex(c.prevIndex), commit: logIndex(1) }));
      const [resp] = takeMessages(r);
      expect(resp?.type).toBe(MessageType.AppendResponse);
      expect(resp?.reject).toBe(c.reject);
      expect(resp?.index).toBe(c.index);
      if (c.reject) {
        expect(resp?.rejectHint).toBe(c.hint);
        expect(resp?.logTerm).toBe(c.hintTerm);
      }
    });
  }

  const appendCases: { prevIndex: number; prevTerm: number; terms: number[]; from: number; log: number[]; unstable: number[][] }[] = [
    { prevIndex: 2, prevTerm: 2, terms: [3], from: 3, log: [1, 2, 3], unstable: [[3, 3]] },
    { prevIndex: 1, prevTerm: 1, terms: [3, 4], from: 2, log: [1, 3, 4], unstable: [[3, 2], [4, 3]] },
    { prevIndex: 0, prevTerm: 0, terms: [1], from: 1, log: [1, 2], unstable: [] },
    { prevIndex: 0, prevTerm: 0, terms: [3], from: 1, log: [3], unstable: [[3, 1]] },
  ];
  for (const c of appendCases) {
    it(`§5.3 a follower appends new entries after (${c.prevTerm}, ${c.prevIndex}), deleting any conflicting suffix first: ${JSON.stringify(c.log)}`, () => {
      const store = storeWithLog(abc, [1, 2]);
      store.setHardState({ term: term(2), vote: NONE, commit: logIndex(0) });
      const r = newRaft(B, abc, { store });
      r.step(message({ type: MessageType.Append, from: A, to: B, term: term(2), logTerm: term(c.prevTerm), index: logIndex(c.prevIndex), entries: entriesWithTerms(c.terms, c.from) }));
      expect(allEntries(r).map((e) => e.term)).toEqual(c.log);
      expect(termsOf(r.log.unstableEntries())).toEqual(c.unstable);
    });
  }

  // Figure 7: the leader at the top (term 8) and followers (a)–(f).
  const leaderLog = [1, 1, 1, 4, 4, 5, 5, 6, 6, 6];
  const figure7: Record<string, number[]> = {
    "(a) missing an entry": [1, 1, 1, 4, 4, 5, 5, 6, 6],
    "(b) missing many entries": [1, 1, 1, 4],
    "(c) an extra uncommitted entry": [1, 1, 1, 4, 4, 5, 5, 6, 6, 6, 6],
    "(d) extra entries of a later term": [1, 1, 1, 4, 4, 5, 5, 6, 6, 6, 7, 7],
    "(e) missing entries, extra entries of an old term": [1, 1, 1, 4, 4, 4, 4],
    "(f) many extra entries of old terms": [1, 1, 1, 2, 2, 2, 3, 3, 3, 3, 3],
  };
  for (const [name, followerLog] of Object.entries(figure7)) {
    it(`§5.3 Figure 7 ${name}: the leader forces the follower's log to duplicate its own`, () => {
      const leadStore = storeWithLog(abc, leaderLog);
      leadStore.setHardState({ term: term(8), vote: NONE, commit: logIndex(leaderLog.length) });
      const followerStore = storeWithLog(abc, followerLog);
      followerStore.setHardState({ term: term(7), vote: NONE, commit: logIndex(0) });
      // C is a black hole that only lends its vote.
      const net = new Network([newRaft(A, abc, { store: leadStore }), newRaft(B, abc, { store: followerStore })]);
      net.elect(A);
      net.send(message({ type: MessageType.VoteResponse, from: C, to: A, term: term(9) }));
      expect(net.get(A).state).toBe(StateType.Leader);
      net.propose(A);
      expect(termsOf(allEntries(net.get(B)))).toEqual(termsOf(allEntries(net.get(A))));
    });
  }
});

describe("§5.3 a follower's commit index", () => {
  // Figure 2, AppendEntries receiver step 5: commitIndex = min(leaderCommit, index of last new entry).
  // Entries past the last new one may be stale leftovers of an old term, so the
  // leader's commit index alone never commits them.
  const cases: [string, number[], number, number[], number, number][] = [
    // name, follower's log terms, prev index, new entry terms, leaderCommit, expected commit
    ["leaderCommit below the last new entry", [1, 1], 2, [2, 2], 3, 3],
    ["leaderCommit past the last new entry", [1, 1], 2, [2], 9, 3],
    ["a stale suffix past the last new entry is not committed", [1, 1, 1, 1], 1, [1], 4, 2],
    ["an empty append (heartbeat-like) commits up to its prev index", [1, 1, 1], 2, [], 3, 2],
  ];
  for (const [name, logTerms, prev, newTerms, leaderCommit, expected] of cases) {
    it(`§5.3 min(leaderCommit, last new entry): ${name}`, () => {
      const r = newRaft(C, abc, { store: storeWithLog(abc, logTerms) });
      r.becomeFollower(term(2), A);
      const entries = entriesWithTerms(newTerms, prev + 1);
      r.step(message({ type: MessageType.Append, from: A, to: C, term: term(2), index: logIndex(prev), logTerm: term(1), entries, commit: logIndex(leaderCommit) }));
      expect(r.log.committed).toBe(expected);
    });
  }
});

describe("§5.4 safety", () => {
  // §5.4.1: the voter's log, the candidate's last (term, index), and whether the vote is granted.
  const voterCases: [number[], number, number, boolean][] = [
    [[1], 1, 1, true], // same last term, same index
    [[1], 1, 2, true], // same last term, longer log
    [[1, 1], 1, 1, false], // same last term, shorter log
    [[1], 2, 1, true], // later last term
    [[1, 1], 2, 1, true], // later last term beats a longer log
    [[2], 1, 1, false], // earlier last term
    [[2], 1, 2, false], // earlier last term loses even with a longer log
  ];
  for (const [log, lastTerm, lastIndex, granted] of voterCases) {
    it(`§5.4.1 a voter with log ${JSON.stringify(log)} ${granted ? "grants" : "refuses"} a candidate whose last entry is (term ${lastTerm}, index ${lastIndex})`, () => {
      const store = storeWithLog(abc, log);
      const r = newRaft(A, abc, { store });
      r.step(message({ type: MessageType.Vote, from: B, to: A, term: term(3), logTerm: term(lastTerm), index: logIndex(lastIndex) }));
      const [resp] = takeMessages(r);
      expect(resp?.type).toBe(MessageType.VoteResponse);
      expect(resp?.reject).toBe(!granted);
    });
  }

  const currentTermCases: [number, number][] = [
    [1, 0], // an acknowledgement of an entry of term 1 commits nothing
    [2, 0], // nor of term 2
    [3, 3], // the leader's own empty entry of term 3 commits everything
  ];
  for (const [acked, committed] of currentTermCases) {
    it(`§5.4.2 a leader of term 3 that learns index ${acked} is on a majority commits up to ${committed}: entries of earlier terms are never committed by counting`, () => {
      const store = storeWithLog(abc, [1, 2]);
      store.setHardState({ term: term(2), vote: NONE, commit: logIndex(0) });
      const r = newRaft(A, abc, { store });
      makeLeader(r);
      expect(r.term).toBe(3);
      r.step(message({ type: MessageType.AppendResponse, from: B, to: A, term: r.term, index: logIndex(acked) }));
      expect(r.log.committed).toBe(committed);
    });
  }

  it("§5.4.2 Figure 8: an old-term entry on a majority is not committed, and a later leader may safely overwrite it", () => {
    const s1 = storeWithLog(abcde, [1, 2]);
    const s2 = storeWithLog(abcde, [1, 2]);
    const s3 = storeWithLog(abcde, [1]);
    const s4 = storeWithLog(abcde, [1]);
    const s5 = storeWithLog(abcde, [1, 3]);
    for (const s of [s1, s2, s3, s4, s5]) s.setHardState({ term: term(3), vote: NONE, commit: logIndex(1) });
    const [n1, n2, n3, n4, n5] = ids("a", "b", "c", "d", "e") as [NodeId, NodeId, NodeId, NodeId, NodeId];
    const net = new Network([
      newRaft(n1, abcde, { store: s1, appendMessageBytesMax: 1 }),
      newRaft(n2, abcde, { store: s2 }),
      newRaft(n3, abcde, { store: s3 }),
      newRaft(n4, abcde, { store: s4 }),
      newRaft(n5, abcde, { store: s5 }),
    ]);
    // (c) S5 is down; S1 wins term 4 with votes of S2, S3, S4 and starts
    // replicating its term-2 entry, one entry per message. The entries of
    // term 4 are lost on the way, so the term-2 entry ends up on S1, S2, S3.
    net.isolate(n5);
    // (Appends that would be rejected still go through, so the leader backs up to index 2.)
    net.dropIf((m) => m.type === MessageType.Append && m.entries.some((e) => e.term === 4) && net.get(m.to).log.matchTerm(m.index, m.logTerm));
    net.elect(n1);
    expect(net.get(n1).state).toBe(StateType.Leader);
    expect(net.get(n1).term).toBe(4);
    expect(net.get(n3).log.term(logIndex(2))).toBe(2);
    // A majority holds (2, 2), yet S1 must not consider it committed.
    expect(net.get(n1).log.committed).toBe(1);
    // (d) S1 crashes; S5 comes back and is elected in term 5 (its last entry
    // has term 3, newer than everyone else's), and overwrites index 2.
    net.recover();
    net.isolate(n1);
    net.elect(n5); // Term 4: everyone already voted for S1 in term 4, so this one fails.
    net.elect(n5); // Term 5.
    expect(net.get(n5).term).toBe(5);
    expect(net.get(n5).state).toBe(StateType.Leader);
    net.propose(n5, "after");
    for (const id of [n2, n3, n4, n5]) {
      const r = net.get(id);
      expect(r.log.committed).toBeGreaterThanOrEqual(3);
      expect(r.log.term(logIndex(2))).toBe(3);
    }
    // S1 rejoins: its uncommitted (2, 2) is replaced, as it was never committed.
    net.recover();
    for (let i = 0; i < 3; i++) net.tickAll(); // heartbeats reach S1 again
    net.propose(n5, "later");
    expect(net.get(n1).state).toBe(StateType.Follower);
    expect(net.get(n1).log.term(logIndex(2))).toBe(3);
    expect(termsOf(allEntries(net.get(n1)))).toEqual(termsOf(allEntries(net.get(n5))));
  });
});
