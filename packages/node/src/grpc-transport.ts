/**
 * The Raft transport between processes: one long-lived gRPC client stream to
 * each peer (proto/raft.proto). Each loop iteration sends at most one frame
 * per peer, holding the messages of all groups (so the heartbeats of every
 * group this node leads travel as one frame per tick). Frames to a peer that
 * is down are dropped after a bounded queue; Raft retransmits. A frame goes
 * to every peer every tick, empty if need be: it tells the peer this node is
 * alive (hibernation.ts). Reconnection backs off exponentially, on a fresh
 * channel (a fresh name resolution: a container may come back at a new
 * address, and another may take its old one); a peer whose own stream
 * arrives is up, and is dialled back at once rather than after the backoff.
 */
import * as grpc from "@grpc/grpc-js";
import type { Logger } from "pino";
import type { Message, Snapshot } from "@tributary/raft";
import { logIndex, nodeId, term } from "@tributary/raft";
import { decodeEntry, encodeEntry } from "@tributary/storage";
import type { raftWire } from "@tributary/protocol";
import { grpcChannelOptions, RaftTransportClient } from "@tributary/protocol";
import type { Clock } from "./clock.js";
import { parseReplicaId } from "./ids.js";
import * as limits from "./limits.js";
import type { HibernationSignals } from "./hibernation.js";
import type { GroupMessage, IncomingBatch, RaftTransport, TransportIdentity } from "./transport.js";

interface PeerState {
  readonly name: string;
  readonly address: string;
  client: InstanceType<typeof RaftTransportClient> | undefined;
  call: grpc.ClientWritableStream<raftWire.MessageBatch> | undefined;
  backoffMs: number;
  nextAttemptAt: number;
  openedAt: number;
  dropped: number;
}

export class GrpcRaftTransport implements RaftTransport {
  private readonly peers = new Map<string, PeerState>();
  private closed = false;

  constructor(
    private readonly self: TransportIdentity,
    addresses: ReadonlyMap<string, string>,
    private readonly receive: (batch: IncomingBatch) => void,
    private readonly log: Logger,
    private readonly clock: Clock,
    private readonly credentials: grpc.ChannelCredentials = grpc.credentials.createInsecure(),
  ) {
    for (const [name, address] of addresses) {
      if (name === self.name) continue;
      this.peers.set(name, { name, address, client: undefined, call: undefined, backoffMs: limits.reconnectBackoffMinMs, nextAttemptAt: 0, openedAt: 0, dropped: 0 });
    }
  }

  /** The server side: frames arriving from one peer. */
  readonly service: grpc.UntypedServiceImplementation = {
    Stream: (call: grpc.ServerReadableStream<raftWire.MessageBatch__Output, raftWire.StreamClosed>, callback: grpc.sendUnaryData<raftWire.StreamClosed>) => {
      let refused = false;
      let first = true;
      call.on("data", (batch: raftWire.MessageBatch__Output) => {
        if (refused) return;
        const to = batch.toNode || (batch.messages[0]?.message?.to ? parseReplicaId(batch.messages[0].message.to).node : "");
        if (to && to !== this.self.name) {
          // The sender reached us at an address it knows as another node's (that
          // node's old address, now ours): refuse, so it dials afresh.
          refused = true;
          this.log.warn({ peer: batch.fromNode, addressedTo: to }, "refusing a Raft stream meant for another node");
          callback({ code: grpc.status.FAILED_PRECONDITION, details: `this is ${this.self.name}, not the node these messages are for` });
          return;
        }
        if (first) {
          first = false;
          this.peerIsUp(batch.fromNode);
        }
        // A malformed message (an entry failing its checksum) is dropped on its own; the rest of the frame stands.
        const messages: GroupMessage[] = [];
        for (const gm of batch.messages) {
          try {
            messages.push({ group: gm.groupId, message: messageFromWire(gm.groupId, gm.message) });
          } catch (err) {
            this.log.warn({ peer: batch.fromNode, group: gm.groupId, err: (err as Error).message }, "dropping a malformed Raft message");
          }
        }
        const hibernation = { hibernating: batch.hibernating.map((n) => ({ group: n.groupId, term: n.term, index: n.index })), wake: batch.wake, woke: batch.woke };
        this.receive({ clusterId: batch.clusterId, fromNode: batch.fromNode, fromIncarnation: batch.fromIncarnation, leaving: batch.leaving, messages, hibernation });
      });
      call.on("end", () => {
        if (!refused) callback(null, {});
      });
      call.on("error", () => {
        /* the peer went away; it reconnects */
      });
    },
  };

  send(peer: string, messages: readonly GroupMessage[], hibernation: HibernationSignals): void {
    const p = this.peers.get(peer);
    if (!p || this.closed) return;
    const call = this.connect(p);
    if (!call) {
      p.dropped += messages.length;
      return;
    }
    // A stream whose buffer is full (peer stalled) drops rather than grows without bound.
    if (call.writableLength > limits.peerQueueMessagesMax) {
      p.dropped += messages.length;
      return;
    }
    call.write({
      clusterId: this.self.clusterId(),
      fromNode: this.self.name,
      fromIncarnation: this.self.incarnation(),
      leaving: this.self.leaving(),
      messages: messages.map((gm) => ({ groupId: gm.group, message: messageToWire(gm.message) })),
      hibernating: hibernation.hibernating.map((n) => ({ groupId: n.group, term: n.term, index: n.index })),
      wake: [...hibernation.wake],
      woke: hibernation.woke,
      toNode: peer,
    });
    if (p.openedAt > 0 && this.clock.now() - p.openedAt > 2_000) p.backoffMs = limits.reconnectBackoffMinMs;
  }

  /**
   * A peer opened a stream to us, so it is up (a restarted node dials its
   * peers at once): if our stream to it is down, the next send dials it rather
   * than waiting out a backoff that grew while it was away (up to
   * limits.reconnectBackoffMaxMs, during which its groups' leaders here could
   * not reach it). Once per incoming stream, not per frame: a peer that keeps
   * refusing us is not dialled more often than it dials us.
   */
  private peerIsUp(name: string): void {
    const p = this.peers.get(name);
    if (!p || p.call) return;
    p.nextAttemptAt = 0;
    p.backoffMs = limits.reconnectBackoffMinMs;
  }

  private connect(p: PeerState): grpc.ClientWritableStream<raftWire.MessageBatch> | undefined {
    if (p.call) return p.call;
    const now = this.clock.now();
    if (now < p.nextAttemptAt) return undefined;
    const client = (p.client ??= new RaftTransportClient(p.address, this.credentials, grpcChannelOptions));
    // The call's end (the peer died, the connection broke) arrives through this
    // callback: forget the stream so the next send reconnects, after a backoff.
    const call = client.stream((err: grpc.ServiceError | null) => {
      if (err && !this.closed && err.code !== grpc.status.CANCELLED) this.log.debug({ peer: p.name, err: err.message }, "raft stream to peer closed");
      fail();
    });
    const fail = () => {
      if (p.call !== call) return;
      p.call = undefined;
      p.client?.close();
      p.client = undefined;
      p.nextAttemptAt = this.clock.now() + p.backoffMs;
      p.backoffMs = Math.min(p.backoffMs * 2, limits.reconnectBackoffMaxMs);
    };
    call.on("error", fail);
    call.on("status", fail);
    call.on("close", fail);
    p.call = call;
    p.openedAt = now;
    return call;
  }

  dropped(): ReadonlyMap<string, number> {
    return new Map([...this.peers.values()].map((p) => [p.name, p.dropped]));
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

// ---------------------------------------------------------------- Raft messages on the wire (one-to-one with the library's types; entries as their stored bytes)

function messageToWire(m: Message): raftWire.Message {
  return {
    type: m.type,
    to: m.to,
    from: m.from,
    term: m.term,
    logTerm: m.logTerm,
    index: m.index,
    entries: m.entries.map(encodeEntry),
    commit: m.commit,
    snapshot: m.snapshot
      ? { metadata: { index: m.snapshot.metadata.index, term: m.snapshot.metadata.term, confState: { voters: [...m.snapshot.metadata.confState.voters] } }, data: m.snapshot.data }
      : null,
    reject: m.reject,
    rejectHint: m.rejectHint,
    context: m.context,
  };
}

function snapshotFromWire(s: raftWire.Snapshot__Output | null): Snapshot | undefined {
  if (!s || !s.metadata || s.metadata.index === 0) return undefined;
  return {
    metadata: { index: logIndex(s.metadata.index), term: term(s.metadata.term), confState: { voters: (s.metadata.confState?.voters ?? []).map(nodeId) } },
    data: new Uint8Array(s.data),
  };
}

/** A message from the wire; an entry failing its checksum (CorruptEntryError) refuses the message. */
function messageFromWire(group: number, w: raftWire.Message__Output | null): Message {
  if (!w) throw new TypeError("a Raft frame without a message");
  return {
    type: w.type,
    to: nodeId(w.to),
    from: nodeId(w.from),
    term: term(w.term),
    logTerm: term(w.logTerm),
    index: logIndex(w.index),
    // Copied out of the frame, then checked and kept as the entry's stored bytes.
    entries: w.entries.map((bytes) => decodeEntry(group, undefined, new Uint8Array(bytes))),
    commit: logIndex(w.commit),
    snapshot: snapshotFromWire(w.snapshot),
    reject: w.reject,
    rejectHint: logIndex(w.rejectHint),
    context: new Uint8Array(w.context),
  };
}
