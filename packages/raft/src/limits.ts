/**
 * Default bounds of the Raft library. Every queue, batch and buffer has one;
 * callers may lower or raise them through `RaftConfig`.
 */

/** Ticks a follower waits without hearing from a leader before it campaigns. Ten heartbeats: a few lost heartbeats never cause an election. */
export const electionTimeoutTicksDefault = 10;

/** Ticks between leader heartbeats. One: followers hear from the leader every tick. */
export const heartbeatIntervalTicksDefault = 1;

/** Payload bytes in one Append message. 1 MiB keeps a message well under gRPC's 4 MiB default while batching many small records. */
export const appendMessageBytesMax = 1024 * 1024;

/** Append messages in flight to one follower before the leader waits for acknowledgements. Enough to keep a LAN pipe full, bounded so a slow follower cannot make the leader buffer without end. */
export const inflightMessagesMax = 256;

/** Payload bytes in flight to one follower (0 = no byte limit beyond the message count). */
export const inflightBytesMax = 64 * 1024 * 1024;

/** Payload bytes a leader accepts beyond its commit index before dropping proposals: back-pressure instead of unbounded memory when a quorum is slow. */
export const uncommittedBytesMax = 256 * 1024 * 1024;

/** Payload bytes of committed entries handed to the application in one Ready, so one Ready never holds the whole log. */
export const committedBytesPerReadyMax = 16 * 1024 * 1024;

/** Outstanding ReadIndex requests at a leader; more are dropped and the client retries. */
export const pendingReadIndexRequestsMax = 4096;
