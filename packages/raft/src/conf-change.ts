/**
 * The payload of a ConfChange entry. It is a tiny fixed layout rather than a
 * protobuf so that the consensus library needs no codec: one byte of change
 * type, then the member's id in UTF-8.
 */
import { assert } from "./errors.js";
import type { ConfChange, Entry } from "./types.js";
import { ConfChangeType, EntryType, nodeId } from "./types.js";

const encoder = new TextEncoder();
const decoder = new TextDecoder();

export function encodeConfChange(cc: ConfChange): Uint8Array {
  const id = encoder.encode(cc.nodeId);
  const out = new Uint8Array(1 + id.byteLength);
  out[0] = cc.type;
  out.set(id, 1);
  return out;
}

export function decodeConfChange(data: Uint8Array): ConfChange {
  const type = data[0];
  assert(type === ConfChangeType.AddNode || type === ConfChangeType.RemoveNode, () => `unknown conf change type ${type}`);
  assert(data.byteLength > 1, "conf change without a node id");
  return { type, nodeId: nodeId(decoder.decode(data.subarray(1))) };
}

/** The ConfChange carried by a committed entry of type ConfChange. */
export function confChangeOf(entry: Entry): ConfChange {
  assert(entry.type === EntryType.ConfChange, "not a configuration change entry");
  return decodeConfChange(entry.data);
}
