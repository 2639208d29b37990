/**
 * The Raft transport: one long-lived gRPC client stream to each peer. Each
 * loop iteration sends at most one frame per peer, holding the messages of
 * all groups (so the heartbeats of every group this node leads travel as one
 * frame per tick). Frames to a peer that is down are dropped after a bounded
 * queue; Raft retransmits. Reconnection backs off exponentially.
 */
import * as grpc from "@grpc/grpc-js";
import type { Logger } from "pino";
import * as limits from "./limits.js";
import { parseReplicaId } from "./ids.js";
import type { WireGroupMessage, WireMessageBatch } from "./proto.js";
import { grpcChannelOptions, RaftTransportService } from "./proto.js";

export interface TransportIdentity {
  readonly name: string;
  incarnation(): number;
  clusterId(): string;
}

interface PeerState {
  readonly name: string;
  readonly address: string;
  client: grpc.Client | undefined;
  call: grpc.ClientWritableStream<WireMessageBatch> | undefined;
  backoffMs: number;
  nextAttemptAt: number;
  openedAt: number;
  dropped: number;
}

export class Transport {
  private readonly peers = new Map<string, PeerState>();
  private closed = false;

  constructor(
    private readonly self: TransportIdentity,
    addresses: ReadonlyMap<string, string>,
    private readonly onBatch: (batch: WireMessageBatch) => void,
    private readonly log: Logger,
  ) {
    for (const [name, address] of addresses) {
      if (name === self.name) continue;
      this.peers.set(name, { name, address, client: undefined, call: undefined, backoffMs: limits.reconnectBackoffMinMs, nextAttemptAt: 0, openedAt: 0, dropped: 0 });
    }
  }

  /** The server side: frames arriving from one peer. */
  readonly service: grpc.UntypedServiceImplementation = {
    stream: (call: grpc.ServerReadableStream<WireMessageBatch, unknown>, callback: grpc.sendUnaryData<unknown>) => {
      let refused = false;
      call.on("data", (batch: WireMessageBatch) => {
        if (refused) return;
        const ours = this.self.clusterId();
        if (ours !== "" && batch.clusterId !== "" && batch.clusterId !== ours) {
          this.log.error({ peer: batch.fromNode, theirCluster: batch.clusterId, ourCluster: ours }, "dropping Raft messages from another cluster");
          return;
        }
        const to = batch.messages[0]?.message?.to;
        if (to && parseReplicaId(to).node !== this.self.name) {
          // The sender reached us at an address it knows as another node's (that
          // node's old address, now ours): refuse, so it dials afresh.
          refused = true;
          this.log.warn({ peer: batch.fromNode, addressedTo: to }, "refusing a Raft stream meant for another node");
          callback({ code: grpc.status.FAILED_PRECONDITION, details: `this is ${this.self.name}, not the node these messages are for` });
          return;
        }
        this.onBatch(batch);
      });
      call.on("end", () => {
        if (!refused) callback(null, {});
      });
      call.on("error", () => {
        /* the peer went away; it reconnects */
      });
    },
  };

  /** Sends one frame with these messages to `peer`. Never throws and never blocks. */
  send(peer: string, messages: WireGroupMessage[]): void {
    const p = this.peers.get(peer);
    if (!p || this.closed || messages.length === 0) return;
    const call = this.connect(p);
    if (!call) {
      p.dropped += messages.length;
      return;
    }
    const frame: WireMessageBatch = { clusterId: this.self.clusterId(), fromNode: this.self.name, fromIncarnation: this.self.incarnation(), messages };
    // A stream whose buffer is full (peer stalled) drops rather than grows without bound.
    if (call.writableLength > limits.peerQueueMessagesMax) {
      p.dropped += messages.length;
      return;
    }
    call.write(frame);
    if (p.openedAt > 0 && Date.now() - p.openedAt > 2_000) p.backoffMs = limits.reconnectBackoffMinMs;
  }

  private connect(p: PeerState): grpc.ClientWritableStream<WireMessageBatch> | undefined {
    if (p.call) return p.call;
    const now = Date.now();
    if (now < p.nextAttemptAt) return undefined;
    p.client ??= new RaftTransportService(p.address, grpc.credentials.createInsecure(), grpcChannelOptions);
    const client = p.client as unknown as { stream(cb: (err: grpc.ServiceError | null) => void): grpc.ClientWritableStream<WireMessageBatch> };
    // The call's end (the peer died, the connection broke) arrives through this
    // callback: forget the stream so the next send reconnects, after a backoff.
    const call = client.stream((err) => {
      if (err && !this.closed && err.code !== grpc.status.CANCELLED) this.log.debug({ peer: p.name, err: err.message }, "raft stream to peer closed");
      fail();
    });
    const fail = () => {
      if (p.call !== call) return;
      p.call = undefined;
      // A new channel resolves the peer's name again: its address may have
      // changed (a container reconnected), and the old one may now be another node's.
      p.client?.close();
      p.client = undefined;
      p.nextAttemptAt = Date.now() + p.backoffMs;
      p.backoffMs = Math.min(p.backoffMs * 2, limits.reconnectBackoffMaxMs);
    };
    call.on("error", fail);
    call.on("status", fail);
    call.on("close", fail);
    p.call = call;
    p.openedAt = now;
    return call;
  }

  /** Messages dropped so far per peer (down, stalled or backing off). */
  droppedCounts(): Record<string, number> {
    return Object.fromEntries([...this.peers.values()].map((p) => [p.name, p.dropped]));
  }

  close(): void {
    this.closed = true;
    for (const p of this.peers.values()) {
      p.call?.end();
      p.call = undefined;
      p.client?.close();
      p.client = undefined;
    }
  }
}
