/**
 * Helpers for the scenario tests: rafts built directly on memory stores and a
 * synchronous network that delivers messages until the cluster is quiet.
 */
import { Raft } from "../src/raft.js";
import type { RaftConfig } from "../src/raft.js";
import { MemoryLogStore } from "../src/log-store.js";
import { createRandom } from "../src/random.js";
import type { Entry, Message, NodeId } from "../src/types.js";
import { EMPTY_BYTES, EntryType, logIndex, message, MessageType, nodeId, term } from "../src/types.js";

export const ids = (...names: string[]): NodeId[] => names.map(nodeId);
export const [A, B, C, D, E] = ids("a", "b", "c", "d", "e") as [NodeId, NodeId, NodeId, NodeId, NodeId];

/** Entries at indexes 1.. with the given terms. */
export function entriesWithTerms(terms: readonly number[], from = 1): Entry[] {
  return terms.map((t, i) => ({ term: term(t), index: logIndex(from + i), type: EntryType.Normal, data: new TextEncoder().encode(`${t}@${from + i}`) }));
}

export function storeWithLog(voters: readonly NodeId[], terms: readonly number[]): MemoryLogStore {
  const store = MemoryLogStore.withVoters(voters);
  store.append(entriesWithTerms(terms));
  return store;
}

export interface TestRaftOptions extends Partial<Omit<RaftConfig, "id" | "store" | "random">> {
  readonly store?: MemoryLogStore;
  readonly seed?: number;
}

/** A raft with election timeout 10 and heartbeat 1 unless told otherwise; PreVote and CheckQuorum off, as in the paper. */
export function newRaft(id: NodeId, voters: readonly NodeId[], options: TestRaftOptions = {}): Raft {
  const { store, seed, ...rest } = options;
  return new Raft({
    id,
    store: store ?? MemoryLogStore.withVoters(voters),
    random: createRandom(seed ?? id.charCodeAt(0)),
    electionTimeoutTicks: 10,
    heartbeatIntervalTicks: 1,
    preVote: false,
    checkQuorum: false,
    ...rest,
  });
}

/** Takes the messages a raft has produced so far. */
export function takeMessages(r: Raft): Message[] {
  const msgs = r.msgs;
  r.msgs = [];
  return msgs;
}

/**
 * What the application's persist and `advance()` tell a raft: its whole log
 * is durable. These scenarios persist at once after every step; a leader
 * counts its own entries toward commitment only from then on.
 */
export function persistNow(r: Raft): void {
  const last = r.log.lastIndex();
  const t = r.log.term(last);
  if (t !== undefined) r.persistedTo(last, t);
}

export function propose(r: Raft, data = "somedata"): void {
  r.step(message({ type: MessageType.Propose, from: r.id, entries: [{ term: term(0), index: logIndex(0), type: EntryType.Normal, data: new TextEncoder().encode(data) }] }));
  persistNow(r);
}

export function hup(r: Raft): void {
  r.step(message({ type: MessageType.Hup, from: r.id }));
}

/** Drives elections and replication by delivering every message until none is left. */
export class Network {
  readonly peers = new Map<NodeId, Raft>();
  private readonly cuts = new Set<string>();
  private readonly ignored = new Set<MessageType>();
  private readonly filters: ((m: Message) => boolean)[] = [];
  /** Every message delivered, in order, for assertions. */
  readonly delivered: Message[] = [];

  constructor(rafts: Raft[]) {
    for (const r of rafts) this.peers.set(r.id, r);
  }

  static of(voters: readonly NodeId[], options: TestRaftOptions = {}): Network {
    return new Network(voters.map((id) => newRaft(id, voters, options)));
  }

  get(id: NodeId): Raft {
    const r = this.peers.get(id);
    if (!r) throw new Error(`no peer ${id}`);
    return r;
  }

  cut(a: NodeId, b: NodeId): void {
    this.cuts.add(`${a}>${b}`);
    this.cuts.add(`${b}>${a}`);
  }

  isolate(id: NodeId): void {
    for (const other of this.peers.keys()) if (other !== id) this.cut(id, other);
  }

  ignore(type: MessageType): void {
    this.ignored.add(type);
  }

  /** Drops every message for which `predicate` holds. */
  dropIf(predicate: (m: Message) => boolean): void {
    this.filters.push(predicate);
  }

  recover(): void {
    this.cuts.clear();
    this.ignored.clear();
    this.filters.length = 0;
  }

  send(...initial: Message[]): void {
    const queue = [...initial];
    for (let budget = 100_000; queue.length > 0; budget--) {
      if (budget === 0) throw new Error("network did not quiesce");
      const m = queue.shift() as Message;
      if (this.cuts.has(`${m.from}>${m.to}`) || this.ignored.has(m.type) || this.filters.some((f) => f(m))) continue;
      const r = this.peers.get(m.to);
      if (!r) continue;
      this.delivered.push(m);
      r.step(m);
      persistNow(r);
      queue.push(...takeMessages(r));
    }
  }

  /** Lets `id` campaign and delivers everything that follows. */
  elect(id: NodeId): void {
    this.send(message({ type: MessageType.Hup, from: id, to: id }));
  }

  propose(id: NodeId, data = "somedata"): void {
    this.send(message({ type: MessageType.Propose, from: id, to: id, entries: [{ term: term(0), index: logIndex(0), type: EntryType.Normal, data: new TextEncoder().encode(data) }] }));
  }

  /** Ticks every peer once and delivers what follows. */
  tickAll(): void {
    const out: Message[] = [];
    for (const r of this.peers.values()) {
      r.tick();
      out.push(...takeMessages(r));
    }
    this.send(...out);
  }
}

export const emptyEntry = (t: number, i: number): Entry => ({ term: term(t), index: logIndex(i), type: EntryType.Normal, data: EMPTY_BYTES });
