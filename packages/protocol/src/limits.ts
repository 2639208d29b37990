/** Bounds of the wire contract, each with why. */

/** gRPC message size: an Append message (1 MiB of Raft entries), a 12 MiB shard entry, or a 10 MiB read, with headroom. */
export const grpcMessageBytesMax = 64 * 1024 * 1024;
