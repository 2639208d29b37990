/**
 * The vocabulary of the Raft library. Every message type and field here maps
 * one-to-one onto `proto/raft.proto`, so the node can translate between the two
 * without knowing anything about consensus.
 */

declare const brand: unique symbol;
type Brand<T, B extends string> = T & { readonly [brand]: B };

/** A Raft term. Terms only grow. */
export type Term = Brand<number, "Term">;
/** A position in a Raft log; the first real entry has index 1. */
export type LogIndex = Brand<number, "LogIndex">;
/** The identity of one replica (one node's member of one group), e.g. "az-a". */
export type NodeId = Brand<string, "NodeId">;

export const term = (n: number): Term => n as Term;
export const logIndex = (n: number): LogIndex => n as LogIndex;
export const nodeId = (s: string): NodeId => s as NodeId;

/** The empty node id: "no leader" or "voted for nobody". */
export const NONE = "" as NodeId;

export enum EntryType {
  Normal = 0,
  ConfChange = 1,
}

export interface Entry {
  readonly term: Term;
  readonly index: LogIndex;
  readonly type: EntryType;
  readonly data: Uint8Array;
}

export enum ConfChangeType {
  AddNode = 0,
  RemoveNode = 1,
}

/** A single-member change of the voter set, carried in a ConfChange entry. */
export interface ConfChange {
  readonly type: ConfChangeType;
  readonly nodeId: NodeId;
}

/** The voters of a group, as recorded in snapshots and returned by applyConfChange. */
export interface ConfState {
  readonly voters: readonly NodeId[];
}

/** What must survive a crash besides the log: current term, vote and commit index. */
export interface HardState {
  readonly term: Term;
  readonly vote: NodeId;
  readonly commit: LogIndex;
}

export interface SnapshotMetadata {
  readonly index: LogIndex;
  readonly term: Term;
  readonly confState: ConfState;
}

export interface Snapshot {
  readonly metadata: SnapshotMetadata;
  readonly data: Uint8Array;
}

export enum MessageType {
  // Local messages: never sent over the network.
  Hup = 0,
  Beat = 1,
  Propose = 2,
  Unreachable = 3,
  SnapshotStatus = 4,
  CheckQuorum = 5,
  // Network messages.
  Append = 10,
  AppendResponse = 11,
  Vote = 12,
  VoteResponse = 13,
  PreVote = 14,
  PreVoteResponse = 15,
  Snapshot = 16,
  Heartbeat = 17,
  HeartbeatResponse = 18,
  TransferLeader = 19,
  TimeoutNow = 20,
  ReadIndex = 21,
  ReadIndexResponse = 22,
}

export function isLocalMessage(type: MessageType): boolean {
  return type < MessageType.Append;
}

export function isResponseMessage(type: MessageType): boolean {
  return (
    type === MessageType.AppendResponse ||
    type === MessageType.VoteResponse ||
    type === MessageType.PreVoteResponse ||
    type === MessageType.HeartbeatResponse ||
    type === MessageType.ReadIndexResponse ||
    type === MessageType.Unreachable ||
    type === MessageType.SnapshotStatus
  );
}

/**
 * One Raft message. Fields not used by a message type keep their zero value,
 * exactly as protobuf would decode them.
 */
export interface Message {
  type: MessageType;
  to: NodeId;
  from: NodeId;
  term: Term;
  /**
   * Append: term of the entry at `index`. Vote: term of the candidate's last entry.
   * AppendResponse: term of the acknowledged entry, or with `reject`, of the hint.
   */
  logTerm: Term;
  /** Append: index preceding `entries`. AppendResponse: the follower's last matching index. Vote: candidate's last index. */
  index: LogIndex;
  entries: Entry[];
  commit: LogIndex;
  snapshot: Snapshot | undefined;
  reject: boolean;
  /** AppendResponse with reject: the follower's guess of where the logs might match. */
  rejectHint: LogIndex;
  /** ReadIndex request id, or "transfer" on a leader-transfer campaign. */
  context: Uint8Array;
}

export const EMPTY_BYTES = new Uint8Array(0);

export function message(fields: Partial<Message> & Pick<Message, "type">): Message {
  return {
    to: NONE,
    from: NONE,
    term: term(0),
    logTerm: term(0),
    index: logIndex(0),
    entries: [],
    commit: logIndex(0),
    snapshot: undefined,
    reject: false,
    rejectHint: logIndex(0),
    context: EMPTY_BYTES,
    ...fields,
  };
}

export enum StateType {
  Follower = "follower",
  Candidate = "candidate",
  Leader = "leader",
  PreCandidate = "pre-candidate",
}

/** Volatile state worth telling the application about when it changes. */
export interface SoftState {
  readonly lead: NodeId;
  readonly state: StateType;
}

/** The result of a ReadIndex request: reads at or after `index` are linearizable. */
export interface ReadState {
  readonly index: LogIndex;
  readonly requestContext: Uint8Array;
}

export function isEmptyHardState(hs: HardState): boolean {
  return hs.term === 0 && hs.vote === NONE && hs.commit === 0;
}

export function hardStateEqual(a: HardState, b: HardState): boolean {
  return a.term === b.term && a.vote === b.vote && a.commit === b.commit;
}

export const EMPTY_HARD_STATE: HardState = { term: term(0), vote: NONE, commit: logIndex(0) };

export function isEmptySnapshot(s: Snapshot | undefined): boolean {
  return s === undefined || s.metadata.index === 0;
}

/** The payload size of an entry, as counted by every byte limit. */
export function entrySize(e: Entry): number {
  return e.data.byteLength;
}

export function entriesSize(entries: readonly Entry[]): number {
  let total = 0;
  for (const e of entries) total += entrySize(e);
  return total;
}
