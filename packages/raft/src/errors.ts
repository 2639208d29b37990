/**
 * Expected outcomes of the Raft library, each a class with a stable `code`.
 * A broken invariant is not one of these: it is an AssertionError from
 * `assert`, which callers must never catch.
 */

export class RaftError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = new.target.name;
  }
}

/** A proposal was not appended (no leader, leader transfer in progress, or too many uncommitted bytes). */
export class ProposalDroppedError extends RaftError {
  constructor(reason: string) {
    super("ERR_PROPOSAL_DROPPED", `raft proposal dropped: ${reason}`);
  }
}

/** The requested index is older than the store's compacted prefix. */
export class CompactedError extends RaftError {
  constructor(index: number) {
    super("ERR_COMPACTED", `requested index ${index} is unavailable due to compaction`);
  }
}

/** The requested index is past the last entry in the store. */
export class UnavailableError extends RaftError {
  constructor(index: number) {
    super("ERR_UNAVAILABLE", `requested entry at index ${index} is unavailable`);
  }
}

/** The store cannot produce a snapshot right now; the leader will try again later. */
export class SnapshotTemporarilyUnavailableError extends RaftError {
  constructor() {
    super("ERR_SNAPSHOT_TEMPORARILY_UNAVAILABLE", "snapshot is temporarily unavailable");
  }
}

/** A snapshot older than the store's current one was offered. */
export class SnapshotOutOfDateError extends RaftError {
  constructor(index: number, current: number) {
    super("ERR_SNAPSHOT_OUT_OF_DATE", `snapshot at index ${index} is older than the stored one at ${current}`);
  }
}

/** A local-only message type (Hup, Beat, ...) arrived through `step`. */
export class StepLocalMessageError extends RaftError {
  constructor(type: number) {
    super("ERR_STEP_LOCAL_MESSAGE", `cannot step raft local message type ${type}`);
  }
}

/** A response arrived from a node that is not a member of the group. */
export class StepPeerNotFoundError extends RaftError {
  constructor(from: string) {
    super("ERR_STEP_PEER_NOT_FOUND", `cannot step a response from unknown peer ${JSON.stringify(from)}`);
  }
}

/** Configuration given to the library is not usable. */
export class ConfigError extends RaftError {
  constructor(message: string) {
    super("ERR_CONFIG", message);
  }
}

export class AssertionError extends Error {
  constructor(message: string) {
    super(`raft invariant broken: ${message}`);
    this.name = "AssertionError";
  }
}

/** Checks something the design says must be true; a failure stops everything. */
export function assert(condition: unknown, message: string | (() => string)): asserts condition {
  if (!condition) throw new AssertionError(typeof message === "string" ? message : message());
}

/**
 * A message that contradicts the receiver's own log (an AppendResponse
 * acknowledging entries the leader never had): a peer's bug or a forgery.
 * It is dropped, never applied; the embedder should log it.
 */
export class ImplausibleMessageError extends RaftError {
  constructor(reason: string) {
    super("ERR_IMPLAUSIBLE_MESSAGE", `raft message dropped: ${reason}`);
  }
}
