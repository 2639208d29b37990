/**
 * Replica ids. A node is named after its availability zone ("az-a"); each
 * time its data directory is created afresh it gets a new incarnation, and
 * its replicas in every Raft group are named "<node>.<incarnation>". A wiped
 * node therefore never votes under an identity whose votes it has forgotten.
 */
import type { NodeId } from "@tributary/raft";
import { nodeId } from "@tributary/raft";

export function replicaId(node: string, incarnation: number): NodeId {
  return nodeId(`${node}.${incarnation}`);
}

export function parseReplicaId(id: string): { node: string; incarnation: number } {
  const dot = id.lastIndexOf(".");
  if (dot <= 0) return { node: id, incarnation: 0 };
  return { node: id.slice(0, dot), incarnation: Number(id.slice(dot + 1)) };
}

/** The meta (catalog) group's id. Shard groups get ids from 1 up, allocated by the catalog. */
export const META_GROUP = 0;
