/**
 * The first entries of a new group: one AddNode per initial voter, at term 1,
 * already committed. Writing the initial configuration into the log (rather
 * than only into snapshot metadata) means a member added later learns the
 * full membership by replaying the log from index 1.
 */
import { encodeConfChange } from "./conf-change.js";
import type { Entry, HardState, NodeId } from "./types.js";
import { ConfChangeType, EntryType, logIndex, NONE, term } from "./types.js";

export function bootstrapEntries(voters: readonly NodeId[]): { entries: Entry[]; hardState: HardState } {
  const entries = voters.map((nodeId, i) => ({
    term: term(1),
    index: logIndex(i + 1),
    type: EntryType.ConfChange,
    data: encodeConfChange({ type: ConfChangeType.AddNode, nodeId }),
  }));
  return { entries, hardState: { term: term(1), vote: NONE, commit: logIndex(voters.length) } };
}
