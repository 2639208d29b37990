/**
 * The node's Prometheus metrics (prom-client), in a registry of its own:
 * what the loop measures as it runs (store writes and their latency, Raft
 * messages per peer, leaderships gained), and, read at scrape time, each
 * group's role, term and indexes and the store's counters. Names follow
 * Prometheus conventions: `tributary_` prefix, base units, `_total` counters.
 */
import { Counter, Gauge, Histogram, Registry } from "prom-client";
import type { GroupStatus } from "@tributary/protocol";

export interface NodeMetricsSource {
  /** Every group this node hosts, as it is now. */
  groups(): readonly GroupStatus[];
  /** For each group this node leads, each follower's lag in entries. */
  followerLag(): readonly { group: number; follower: string; entries: number }[];
  /** Raft messages the transport dropped since start, by peer. */
  raftDropped(): ReadonlyMap<string, number>;
  /** The store's counters since start. */
  store(): { syncWrites: number; plainWrites: number; bytesWritten: number };
}

export class NodeMetrics {
  readonly registry = new Registry();
  readonly storeWriteSeconds = new Histogram({
    name: "tributary_node_store_write_seconds",
    help: "Time to write one loop iteration's batch to the store, fsync included (group commit)",
    buckets: [0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1],
    registers: [this.registry],
  });
  readonly batchGroups = new Histogram({
    name: "tributary_node_store_write_groups",
    help: "Groups whose Raft state one store write carries (group commit: one write and at most one fsync for all of them)",
    buckets: [1, 2, 4, 8, 16, 32, 64, 128, 256, 512, 1024],
    registers: [this.registry],
  });
  readonly raftMessagesSent = new Counter({ name: "tributary_node_raft_messages_sent_total", help: "Raft messages sent, by peer", labelNames: ["peer"], registers: [this.registry] });
  readonly raftMessagesReceived = new Counter({ name: "tributary_node_raft_messages_received_total", help: "Raft messages received, by peer", labelNames: ["peer"], registers: [this.registry] });
  /** What replication carries in Raft messages: the bytes of log entries and snapshot data, without framing (FetchLog transfers are not counted). */
  readonly raftBytesSent = new Counter({ name: "tributary_node_raft_entry_bytes_sent_total", help: "Bytes of log entries and snapshot data in Raft messages sent, by peer", labelNames: ["peer"], registers: [this.registry] });
  readonly raftBytesReceived = new Counter({ name: "tributary_node_raft_entry_bytes_received_total", help: "Bytes of log entries and snapshot data in Raft messages received, by peer", labelNames: ["peer"], registers: [this.registry] });
  readonly appendSeconds = new Histogram({
    name: "tributary_node_append_commit_seconds",
    help: "Time from an append's arrival at its shard's leader to its commit (stored on a majority) and acknowledgement",
    buckets: [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
    registers: [this.registry],
  });
  readonly electionsStarted = new Counter({ name: "tributary_node_elections_started_total", help: "Elections this node's replicas began (as candidates, after pre-vote)", registers: [this.registry] });
  readonly transfersStarted = new Counter({ name: "tributary_node_leadership_transfers_total", help: "Leadership transfers this node began as leader (leader spreading, hand-offs, operators)", registers: [this.registry] });
  readonly leadershipsGained = new Counter({ name: "tributary_node_leaderships_gained_total", help: "Times this node became leader of a group (elections won and transfers received)", registers: [this.registry] });

  constructor(source: NodeMetricsSource) {
    const perGroup = (name: string, help: string, value: (g: GroupStatus) => number) =>
      new Gauge({
        name,
        help,
        labelNames: ["group"],
        registers: [this.registry],
        collect() {
          this.reset();
          for (const g of source.groups()) this.set({ group: String(g.groupId) }, value(g));
        },
      });
    perGroup("tributary_group_is_leader", "1 where this node leads the group (group 0 is the meta group)", (g) => (g.state === "leader" ? 1 : 0));
    perGroup("tributary_group_term", "The group's Raft term as this node knows it", (g) => Number(g.term));
    perGroup("tributary_group_commit_index", "The group's commit index on this node", (g) => Number(g.commit));
    perGroup("tributary_group_applied_index", "The group's applied index on this node", (g) => Number(g.applied));
    perGroup("tributary_group_last_index", "The last index of the group's log on this node", (g) => Number(g.lastIndex));
    new Gauge({
      name: "tributary_group_follower_lag_entries",
      help: "On a group's leader: how many entries each follower's log is behind",
      labelNames: ["group", "follower"],
      registers: [this.registry],
      collect() {
        this.reset();
        for (const l of source.followerLag()) this.set({ group: String(l.group), follower: l.follower }, l.entries);
      },
    });
    new Gauge({
      name: "tributary_node_groups",
      help: "Raft groups this node hosts",
      registers: [this.registry],
      collect() {
        this.set(source.groups().length);
      },
    });
    new Gauge({
      name: "tributary_node_groups_hibernating",
      help: "Raft groups on this node that are asleep: quiescent, not ticked, sending no heartbeats until something happens to them",
      registers: [this.registry],
      collect() {
        this.set(source.groups().filter((g) => g.asleep).length);
      },
    });
    const storeCounter = (name: string, help: string, value: () => number) =>
      new Counter({
        name,
        help,
        registers: [this.registry],
        collect() {
          this.reset();
          this.inc(value());
        },
      });
    new Counter({
      name: "tributary_node_raft_messages_dropped_total",
      help: "Raft messages dropped because their peer was down or stalled past the send queue's bound, by peer (Raft retransmits)",
      labelNames: ["peer"],
      registers: [this.registry],
      collect() {
        this.reset();
        for (const [peer, n] of source.raftDropped()) this.inc({ peer }, n);
      },
    });
    storeCounter("tributary_node_fsyncs_total", "Store writes made durable with fsync", () => source.store().syncWrites);
    storeCounter("tributary_node_store_plain_writes_total", "Store writes that needed no fsync", () => source.store().plainWrites);
    storeCounter("tributary_node_store_written_bytes_total", "Bytes written to the store", () => source.store().bytesWritten);
  }
}
