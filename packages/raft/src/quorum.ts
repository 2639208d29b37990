/**
 * Majority arithmetic over a voter set. Nothing here knows about terms or logs.
 */
import type { LogIndex, NodeId } from "./types.js";
import { logIndex } from "./types.js";

export enum VoteResult {
  Pending = "pending",
  Lost = "lost",
  Won = "won",
}

export function quorumSize(voterCount: number): number {
  return Math.floor(voterCount / 2) + 1;
}

/**
 * The largest index that a majority of voters have acknowledged:
 * sort the acknowledged indexes in descending order and take the quorum-th.
 * An empty voter set commits nothing.
 */
export function committedIndex(voters: readonly NodeId[], acked: (id: NodeId) => LogIndex): LogIndex {
  if (voters.length === 0) return logIndex(0);
  const indexes = voters.map(acked).sort((a, b) => b - a);
  return indexes[quorumSize(voters.length) - 1] ?? logIndex(0);
}

/** The outcome of an election given the votes received so far (true = granted). */
export function voteResult(voters: readonly NodeId[], votes: ReadonlyMap<NodeId, boolean>): VoteResult {
  if (voters.length === 0) return VoteResult.Won;
  let granted = 0;
  let missing = 0;
  for (const id of voters) {
    const v = votes.get(id);
    if (v === undefined) missing++;
    else if (v) granted++;
  }
  const q = quorumSize(voters.length);
  if (granted >= q) return VoteResult.Won;
  if (granted + missing >= q) return VoteResult.Pending;
  return VoteResult.Lost;
}

/** True when the nodes for which `active` holds form a majority of the voters. */
export function hasQuorum(voters: readonly NodeId[], active: (id: NodeId) => boolean): boolean {
  let n = 0;
  for (const id of voters) if (active(id)) n++;
  return n >= quorumSize(voters.length);
}
