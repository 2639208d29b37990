/**
 * The node's side of the peer API (proto/peer-api.proto): what a node with
 * an empty disk asks before forming or joining the cluster, the join itself
 * (through the meta leader), the records behind a shard snapshot, and status
 * for tools. A handler never throws, except FetchLog, whose stream then fails.
 */
import type {
  CompactResponse,
  DrainRequest__Output,
  DrainResponse,
  FetchLogChunk,
  FetchLogRequest__Output,
  HelloRequest__Output,
  HelloResponse,
  JoinRequest__Output,
  JoinResponse,
  NodeStatus,
  PeerApiHandler,
  SealRequest__Output,
  SealResponse,
  TransferLeaderRequest__Output,
  TransferLeaderResponse,
} from "@tributary/protocol";
import type { Logger } from "pino";
import type { GroupManager } from "./group-manager.js";
import { parseReplicaId } from "./ids.js";
import * as limits from "./limits.js";
import type { Membership } from "./membership.js";

/** What the handler needs of its node. */
export interface NodeForPeers {
  readonly groups: GroupManager;
  readonly membership: Membership;
  readonly log: Logger;
  status(): NodeStatus;
  transferLeader(groupId: number, toNode: string): { started: boolean; detail: string };
  drain(drain: boolean, timeoutMs: number): Promise<number>;
}

export class NodePeerApi implements PeerApiHandler {
  constructor(private readonly node: NodeForPeers) {}

  async hello(req: HelloRequest__Output): Promise<HelloResponse> {
    return await this.node.membership.helloAnswer(req.nodeName);
  }

  async join(req: JoinRequest__Output): Promise<JoinResponse> {
    const groups = this.node.groups;
    const notLeader = (lead: string) => ({ notLeader: { leaderNode: lead ? parseReplicaId(lead).node : "", leaderAddress: groups.addressOf(lead) } });
    if (!groups.loaded) return notLeader("");
    try {
      const outcome = await groups.meta.propose({ setMemberIncarnation: { node: req.nodeName, incarnation: req.incarnation } });
      if ("notLeader" in outcome) return notLeader(groups.meta.lead);
      return outcome.ok ? { ok: { incarnation: outcome.memberIncarnation ?? 0 } } : { failure: outcome.failure };
    } catch (err) {
      this.node.log.error({ err, rpc: "Join" }, "node API call failed");
      return { failure: { code: "INTERNAL", detail: "internal error" } };
    }
  }

  async *fetchLog(req: FetchLogRequest__Output): AsyncIterable<FetchLogChunk> {
    const shard = this.node.groups.loaded ? this.node.groups.shard(req.groupId) : undefined;
    if (!shard) throw new Error(`no shard group ${req.groupId} on this node`);
    for await (const entries of shard.fetchLog(req.fromIndex, req.toIndex)) yield { storedEntries: entries.map((e) => Buffer.from(e.buffer, e.byteOffset, e.byteLength)) };
  }

  async seal(req: SealRequest__Output): Promise<SealResponse> {
    const groups = this.node.groups;
    const shard = groups.loaded ? groups.shard(req.groupId) : undefined;
    if (!shard) return { failure: { code: "GROUP_NOT_HOSTED", detail: `no shard group ${req.groupId} on this node` } };
    try {
      const outcome = await shard.seal();
      switch (outcome.kind) {
        case "ok":
          return { ok: { sealIndex: outcome.sealIndex, endingSequenceNumber: outcome.endingSequenceNumber, sealedMs: outcome.sealedMs } };
        case "not-leader":
          return { notLeader: { leaderNode: outcome.leader ? parseReplicaId(outcome.leader).node : "", leaderAddress: groups.addressOf(outcome.leader) } };
        case "failure":
          return { failure: outcome.failure };
      }
    } catch (err) {
      this.node.log.error({ err, rpc: "Seal" }, "node API call failed");
      return { failure: { code: "INTERNAL", detail: "internal error" } };
    }
  }

  async status(): Promise<NodeStatus> {
    return this.node.status();
  }

  async transferLeader(req: TransferLeaderRequest__Output): Promise<TransferLeaderResponse> {
    return this.node.transferLeader(Number(req.groupId), req.toNode);
  }

  async compact(): Promise<CompactResponse> {
    if (!this.node.groups.loaded) return { groupsCompacted: 0 };
    return { groupsCompacted: await this.node.groups.compactAll() };
  }

  async drain(req: DrainRequest__Output): Promise<DrainResponse> {
    return { stillLed: await this.node.drain(req.drain, Math.min(req.timeoutMs || limits.handOffTimeoutMs, limits.drainTimeoutMaxMs)) };
  }
}
