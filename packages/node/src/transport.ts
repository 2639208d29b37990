/**
 * How Raft messages travel between nodes, as the node sees it: each loop
 * iteration hands the transport one frame per peer holding the messages of
 * all groups, and the transport hands arriving frames back. gRPC streams
 * carry them between processes (grpc-transport.ts); an in-memory network
 * carries them in tests and in the simulator.
 */
import type { Message } from "@tributary/raft";
import type { HibernationSignals } from "./hibernation.js";

export interface GroupMessage {
  readonly group: number;
  readonly message: Message;
}

/** A frame from a peer. */
export interface IncomingBatch {
  readonly clusterId: string;
  readonly fromNode: string;
  readonly fromIncarnation: number;
  /** The sender is handing off its leaderships before it stops. */
  readonly leaving: boolean;
  readonly messages: readonly GroupMessage[];
  /** Notices, wake requests and the `woke` flag (hibernation.ts). */
  readonly hibernation: HibernationSignals;
}

/** Who is sending, stamped on every frame (read at send time: identity is established after the transport exists). */
export interface TransportIdentity {
  readonly name: string;
  incarnation(): number;
  clusterId(): string;
  leaving(): boolean;
}

export interface RaftTransport {
  /**
   * Sends one frame to `peer`, even an empty one (a frame every tick tells
   * the peer this node is alive). Never throws, never blocks: a frame that
   * cannot go is dropped (Raft retransmits).
   */
  send(peer: string, messages: readonly GroupMessage[], hibernation: HibernationSignals): void;
  /** Messages dropped since start, by peer (a peer down, or stalled past the queue bound). */
  dropped(): ReadonlyMap<string, number>;
  close(): void;
}

export type RaftTransportFactory = (self: TransportIdentity, receive: (batch: IncomingBatch) => void) => RaftTransport;
