/**
 * Bounds of the node process, each with its unit last and the reason for
 * its value.
 */

/** Milliseconds per Raft tick. Heartbeats go out every tick. */
export const tickMsDefault = 100;

/**
 * Election timeout in ticks: a follower that hears nothing from its leader
 * for 5–10 ticks (0.5–1 s, randomized) campaigns. Five missed heartbeats is
 * well above a LAN round trip and a GC pause, and short enough that a dead
 * leader's shards take writes again within about a second. Pre-vote and
 * CheckQuorum keep a follower whose own loop stalled from deposing a
 * healthy leader.
 */
export const electionTimeoutTicks = 5;

/**
 * A leader whose group has been quiescent (every follower holds the whole
 * log, committed; nothing pending) for this many ticks in a row stops
 * ticking it, and so do its followers (hibernation.ts). Three ticks carry
 * at least two heartbeats after the last commit, so the followers know the
 * commit index, and an idle group sleeps 0.3 s after its last write.
 */
export const hibernateAfterTicks = 3;

/**
 * Every node sends each peer a frame every tick. A peer whose last frame is
 * more than this many of this node's ticks old wakes every sleeping group
 * (about three missed frames: past timer jitter on a busy process, inside
 * the election timeout), and the followers of its leaders are given the
 * ticks they missed, so they campaign about when they would have had they
 * been awake. A loop that falls this many ticks behind wakes its groups
 * too.
 */
export const suspectAfterTicks = 3;

/**
 * Every this many ticks, sleeping groups that have a Ready or queued work are
 * woken: a backstop for a wake-up path missed (every known path wakes its
 * group at once). Looking at a thousand sleeping groups each tick was most of
 * an idle node's CPU; once a second costs a tenth of that, and a missed path
 * at most a second.
 */
export const sleepingBackstopTicks = 10;

/** Wake requests from peers held until the next iteration: one per group at most three ticks apart per peer, so a bound well above the groups a node hosts only guards against a faulty peer. */
export const wakeRequestsPendingMax = 100_000;

/** Ticks a loop iteration may catch up at once after a stall, so a long pause is not followed by a burst of elections. */
export const ticksPerIterationMax = 3;

/** Records in one shard log entry. Appends arriving together are merged up to this. */
export const entryRecordsMax = 10_000;

/** Payload bytes in one shard log entry (a 10 MiB record must fit, plus keys). */
export const entryBytesMax = 12 * 1024 * 1024;

/** Appends waiting for one shard's next entry before new ones are refused: back-pressure, not unbounded memory. */
export const pendingAppendsPerGroupMax = 4096;

/** How long an append waits for its entry to commit before failing (the gateway retries elsewhere). */
export const appendTimeoutMs = 10_000;

/**
 * How long (in ticks) a replica that stopped leading, or a candidate, holds
 * appends queued with it while it does not know the new leader, so that it
 * can name it (the gateway then goes straight there instead of guessing) or,
 * having won, propose them. After a transfer the new leader is known within a
 * round trip; after an election, usually within the shortest election
 * timeout, which is this bound. (A gateway that meanwhile sees the new leader
 * in its routing abandons the call after its own shorter grace, as of unknown
 * outcome: the hold matters when nobody knows the leader yet.)
 */
export const leaderUnknownHoldTicks = electionTimeoutTicks;

/** Cached (uncompacted) entries of a shard's Raft log; older entries stay on disk as records. */
export const shardLogCacheEntriesDefault = 2_000;

/** Cached entries of the meta log before the catalog is snapshotted and the log compacted. */
export const metaLogCacheEntriesDefault = 1_000;

/**
 * Payload bytes a group's log cache holds at most; past it the cache keeps
 * the newest half. Entries alone do not bound memory: 2,000 entries of
 * 10 MiB records would be 20 GB on every replica. 32 MiB is a few seconds
 * of a shard's writes at its 1 MiB/s rate, enough for a follower a little
 * behind to catch up from the cache; one further behind gets a snapshot and
 * fetches records from disk. A shard's older records stay on disk either
 * way: compaction only drops them from memory.
 */
export const shardLogCacheBytesMax = 32 * 1024 * 1024;
/** The meta log's commands are small; a catalog snapshot replaces them. */
export const metaLogCacheBytesMax = 16 * 1024 * 1024;

/** Milliseconds between maintenance rounds (membership, leader balance, compaction, stream activation). */
export const maintenanceIntervalMs = 500;

/** Leadership transfers a node starts in one maintenance round, so rebalancing never storms. */
export const transfersPerRoundMax = 16;

/** Messages queued to one peer before further messages are dropped (Raft retransmits). */
export const peerQueueMessagesMax = 100_000;

/** Backoff between reconnection attempts to a peer: from min to max, doubling. */
export const reconnectBackoffMinMs = 100;
export const reconnectBackoffMaxMs = 3_000;

/**
 * A chunk of a shard's records fetched by a replica installing a snapshot:
 * at most this many entries and bytes (at least one entry). A chunk is one
 * gRPC message (protocol's 64 MiB bound), and a fetch may hold about 17 at
 * once: the one being written and what gRPC's stream reads ahead (16
 * messages). 1 MiB keeps that near 17 MiB per fetch, and is large enough
 * that each chunk's fsync and round trip are small beside its bytes.
 */
export const fetchChunkEntriesMax = 4_096;
export const fetchChunkBytesMax = 1024 * 1024;

/**
 * Shard groups of one node fetching records from peers at once (a wiped
 * node rebuilds every shard): 8 keep both cores and the disk busy, and
 * bound the memory fetches take to about 8 × 17 MiB; the rest wait their
 * turn, stepping every message but snapshots meanwhile.
 */
export const fetchesInFlightMax = 8;

/** How long a node with an empty data directory keeps asking its peers before giving up with an error. */
export const joinTimeoutMsDefault = 5 * 60_000;

/** How long a node with an empty data directory waits for every peer's answer before concluding it was wiped (peers may still be starting). */
export const formationGraceMs = 15_000;

/** Milliseconds between retention passes. Retention is in hours; a few seconds of lag is invisible. */
export const retentionIntervalMs = 5_000;

/** Records one Read returns at most (GetRecords' own maximum). */
export const readRecordsMax = 10_000;

/** Payload bytes one Read returns at most (GetRecords' own maximum). */
export const readBytesMax = 10 * 1024 * 1024;

/** Resharding steps (seals, catalog proposals) the meta leader has under way at once: a stream with hundreds of shards reshards in waves, not all at once. */
export const reshardStepsInFlightMax = 64;

/** Splits or merges toward a target shard count proposed in one maintenance round. */
export const scalingStepsPerRoundMax = 16;

/**
 * On-demand scaling, by default: a shard is split when its write rate stays
 * above 80% of a Kinesis shard's write limit (1,000 records/s, 1 MiB/s) for
 * a whole window, and two neighbours merge when both stay under a tenth of
 * it; 30 s windows keep a burst from resharding. Four shards is where an
 * on-demand stream starts, and the least it keeps.
 */
export const onDemandSplitRecordsPerSecondDefault = 800;
export const onDemandSplitBytesPerSecondDefault = 800 * 1024;
export const onDemandMergeRecordsPerSecondDefault = 100;
export const onDemandMergeBytesPerSecondDefault = 100 * 1024;
export const onDemandWindowMsDefault = 30_000;
export const onDemandShardsMinDefault = 4;

/** A subscription with nothing new still sends an (empty) batch this often: the gateway hears that the node is alive and how far the shard has got. */
export const subscribeHeartbeatMs = 1_000;

/** Records in one subscription batch (as one GetRecords returns at most). */
export const subscribeBatchRecordsMax = 10_000;

/** A follower that has not heard from its leader for this long (two election timeouts at the default tick) may be cut off: it serves no subscription. */
export const leaderContactMaxMs = 2 * electionTimeoutTicks * tickMsDefault;

/**
 * Subscriptions one node serves at once. A subscription's stream holds at
 * most the gRPC stream's buffer (16 messages) of batches the gateway caps
 * (256 KiB): 4 MiB each in the worst case, 4 GiB for all of them.
 */
export const subscriptionsPerNodeMax = 1_024;

/** Consumers of one stream, and consumers being created at once (AWS's limits). */
export const consumersPerStreamMax = 20;
export const consumersCreatingMax = 5;

/** A stream's largest record, in KiB (Kinesis' MaxRecordSizeInKiB bounds): a command asking for another size is refused before it is proposed. */
export const recordSizeKibMin = 1024;
export const recordSizeKibMax = 10240;

/** How long a node stopping on SIGTERM may spend handing its leaderships to followers before it stops anyway: long enough for a transfer to wait out a slow follower's catch-up, short of a container runtime's 10 s stop timeout. */
export const handOffTimeoutMs = 5_000;

/** How long a stopping node's server lets calls in flight finish before it ends them: unary calls and a peer's log fetch finish in well under this (the long-lived streams, which never do, it ends at once: grpc-server.ts). Together with handOffTimeoutMs it stays under a container runtime's 10 s stop timeout. */
export const serverStopGraceMs = 1_000;
/** How often the hand-off looks again at what it still leads (and retries a transfer that gave up). */
export const handOffPollMs = 50;
/** A hand-off that finds no follower to take any group (all down, or all stopping too) gives up after this long: long enough for followers' liveness to show (heartbeats every tick), short enough that stopping a whole cluster is not held up. */
export const handOffNoTargetMs = 500;
/** The longest an operator's drain may wait for its hand-offs (the Drain call asks for its own wait, within this): long enough for every transfer to retry several times, bounded so a call cannot hold a handler for ever. */
export const drainTimeoutMaxMs = 30_000;

/** A resource policy's length (AWS's limit for Kinesis resource policies: 20 KiB). */
export const resourcePolicyBytesMax = 20 * 1024;

/** StartStreamEncryption and StopStreamEncryption each succeed at most this often per stream in a rolling 24 hours (AWS's limit). */
export const encryptionChangesPer24HoursMax = 25;
/**
 * Data keys a stream may hold: one per master key it was ever encrypted with
 * (all are kept, since records sealed with any of them may still be within
 * retention). Bounds the catalog; far above any rotation schedule.
 */
export const dataKeysPerStreamMax = 100;
