/**
 * The gateway's view of the cluster, through the node API only
 * (proto/node.proto): a watched routing table (shard → hash range →
 * leader), the catalog (fetched from the meta leader, cached by its log
 * index), and appends and reads that follow leader changes.
 */
import * as grpc from "@grpc/grpc-js";
import type { Logger } from "pino";
import { grpcChannelOptions, NodeService } from "@tributary/node/client";
import * as limits from "./limits.js";

// ---------------------------------------------------------------- views of the node API's JSON and messages

export interface ShardView {
  shardId: string;
  shardIndex: number;
  groupId: number;
  parentShardId?: string;
  adjacentParentShardId?: string;
  startingHashKey: string;
  endingHashKey: string;
  createdMs: number;
}

export interface StreamView {
  name: string;
  arn: string;
  status: "CREATING" | "ACTIVE" | "DELETING" | "UPDATING";
  createdMs: number;
  retentionHours: number;
  mode: "PROVISIONED" | "ON_DEMAND";
  tags: Record<string, string>;
  maxRecordSizeKiB: number;
  shards: ShardView[];
}

export interface CatalogView {
  clusterId: string;
  region: string;
  accountId: string;
  streams: Record<string, StreamView>;
  iteratorSecret: string;
}

export interface Route {
  groupId: number;
  streamName: string;
  shardId: string;
  leaderNode: string;
  leaderAddress: string;
}

interface RoutingTable {
  catalogIndex: number;
  routes: Route[];
  nodeAddresses: Record<string, string>;
  metaLeaderNode: string;
}

export type CommandResult = { ok: true; value?: unknown } | { ok: false; code: string; message: string };

export interface RecordIn {
  data: Uint8Array;
  partitionKey: string;
}

interface PendingAppend {
  records: RecordIn[];
  bytes: number;
  deadline: number;
  resolve: (result: AppendResult) => void;
}

export type AppendResult = { ok: true; sequenceNumbers: string[] } | { ok: false; code: string; message: string };

export interface StoredRecord {
  sequenceNumber: string;
  data: Buffer;
  partitionKey: string;
  arrivalMs: number;
  index: number;
  offset: number;
}

export interface ReadResult {
  records: StoredRecord[];
  nextIndex: number;
  nextOffset: number;
  appliedIndex: number;
  lastArrivalMs: number;
}

interface NotLeader {
  leaderNode: string;
  leaderAddress: string;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export class ClusterUnavailableError extends Error {
  constructor(what: string) {
    super(`cluster unavailable: ${what}`);
    this.name = "ClusterUnavailableError";
  }
}

export class ClusterClient {
  private readonly clients = new Map<string, grpc.Client>();
  private routing: RoutingTable | undefined;
  private catalogCache: { index: number; catalog: CatalogView } | undefined;
  private watch: grpc.ClientReadableStream<RoutingTable> | undefined;
  private closed = false;
  private seedCursor = 0;
  private readonly leaderHints = new Map<number, string>();
  /** Per shard group: appends waiting to be sent, and Append calls in flight. */
  private readonly appendQueues = new Map<number, { waiting: PendingAppend[]; inFlight: number }>();

  constructor(
    private readonly seeds: string[],
    private readonly log: Logger,
  ) {}

  // ------------------------------------------------------------ plumbing

  private client(address: string): grpc.Client {
    let c = this.clients.get(address);
    if (!c) {
      c = new NodeService(address, grpc.credentials.createInsecure(), grpcChannelOptions);
      this.clients.set(address, c);
    }
    return c;
  }

  private call<T>(address: string, method: string, request: unknown, timeoutMs: number): Promise<T> {
    const c = this.client(address) as unknown as Record<string, (req: unknown, opts: grpc.CallOptions, cb: (err: grpc.ServiceError | null, res: T) => void) => void>;
    return new Promise((resolve, reject) => {
      (c[method] as (typeof c)[string]).call(c, request, { deadline: Date.now() + timeoutMs }, (err, res) => (err ? reject(err) : resolve(res)));
    });
  }

  /**
   * A node answering "not the leader; the leader is at the address you just
   * called" is not the node we meant: the name behind that address now points
   * elsewhere (a container came back at a new IP, and another got its old
   * one). Dropping the channel makes the next call resolve the name afresh.
   */
  private dropIfStale(calledAddress: string, notLeader: NotLeader): void {
    if (notLeader.leaderAddress !== calledAddress) return;
    this.clients.get(calledAddress)?.close();
    this.clients.delete(calledAddress);
    this.log.warn({ address: calledAddress, leader: notLeader.leaderNode }, "a node answered for another at this address; resolving it again");
  }

  /** Every node address known: the seeds and whatever the routing table names. */
  private addresses(): string[] {
    const known = new Set(this.seeds);
    for (const a of Object.values(this.routing?.nodeAddresses ?? {})) known.add(a);
    return [...known];
  }

  private addressOfNode(node: string): string | undefined {
    return this.routing?.nodeAddresses[node];
  }

  // ------------------------------------------------------------ routing watch

  start(): void {
    this.openWatch();
  }

  private openWatch(): void {
    if (this.closed) return;
    const address = this.addresses()[this.seedCursor++ % this.addresses().length] as string;
    const c = this.client(address) as unknown as { watchRouting(req: unknown): grpc.ClientReadableStream<RoutingTable> };
    const stream = c.watchRouting({});
    this.watch = stream;
    stream.on("data", (table: RoutingTable) => {
      this.routing = table;
      for (const r of table.routes) if (r.leaderNode) this.leaderHints.set(Number(r.groupId), r.leaderNode);
    });
    const retry = () => {
      if (this.watch !== stream) return;
      this.watch = undefined;
      setTimeout(() => this.openWatch(), 300).unref();
    };
    stream.on("error", retry);
    stream.on("end", retry);
  }

  async waitReady(timeoutMs: number): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      if (this.routing && this.routing.metaLeaderNode) return;
      await sleep(100);
    }
    throw new ClusterUnavailableError("no routing table from any node");
  }

  close(): void {
    this.closed = true;
    this.watch?.cancel();
    for (const c of this.clients.values()) c.close();
  }

  // ------------------------------------------------------------ catalog

  /**
   * Runs `fn` against the meta leader: starting from the routing table's
   * hint, following NotLeader answers, trying every node, until the deadline.
   */
  private async viaMetaLeader<T extends { notLeader?: NotLeader | null }>(what: string, fn: (address: string) => Promise<T>, timeoutMs = 10_000): Promise<T> {
    const deadline = Date.now() + timeoutMs;
    let hint = this.routing?.metaLeaderNode ? this.addressOfNode(this.routing.metaLeaderNode) : undefined;
    for (let attempt = 0; Date.now() < deadline; attempt++) {
      const addresses = this.addresses();
      const address = hint ?? (addresses[attempt % addresses.length] as string);
      hint = undefined;
      try {
        const res = await fn(address);
        if (!res.notLeader) return res;
        this.dropIfStale(address, res.notLeader);
        if (res.notLeader.leaderAddress) hint = res.notLeader.leaderAddress;
        else await sleep(100);
      } catch {
        await sleep(50);
      }
    }
    throw new ClusterUnavailableError(`no meta leader answered ${what}`);
  }

  /** The catalog as the meta leader has it now (read-your-writes for control-plane calls). */
  async freshCatalog(): Promise<CatalogView> {
    const res = await this.viaMetaLeader("GetCatalog", (a) => this.call<{ catalogJson?: string; notLeader?: NotLeader }>(a, "getCatalog", {}, 3_000));
    const parsed = JSON.parse(res.catalogJson ?? "{}") as { index: number; catalog: CatalogView };
    if (!this.catalogCache || parsed.index >= this.catalogCache.index) this.catalogCache = parsed;
    return parsed.catalog;
  }

  /** The cached catalog, refreshed when the routing table reports a newer one. */
  async catalog(): Promise<CatalogView> {
    if (this.catalogCache && this.routing && this.catalogCache.index >= this.routing.catalogIndex) return this.catalogCache.catalog;
    return this.freshCatalog();
  }

  async propose(command: unknown): Promise<CommandResult> {
    const res = await this.viaMetaLeader("ProposeCatalog", (a) =>
      this.call<{ resultJson?: string; notLeader?: NotLeader; failure?: { code: string; message: string } }>(a, "proposeCatalog", { commandJson: JSON.stringify(command) }, 12_000),
    );
    if (res.failure) return { ok: false, code: res.failure.code, message: res.failure.message };
    const result = JSON.parse(res.resultJson ?? "{}") as CommandResult;
    this.catalogCache = undefined; // the next read fetches what we just changed
    return result;
  }

  // ------------------------------------------------------------ data

  private leaderAddress(groupId: number): string | undefined {
    const node = this.leaderHints.get(groupId);
    return node ? this.addressOfNode(node) : undefined;
  }

  /**
   * Appends records to a shard's leader, following leader changes until the
   * deadline. Appends to one shard that arrive while earlier ones are in
   * flight are coalesced into one call (see limits.appendCallsInFlightPerShard);
   * each gets its own records' sequence numbers, or the call's failure.
   * Only an attempt known not to have stored the records is made again: a NotLeader answer, a definite failure, or a call that never left
   * (no connection to the node). A call that fails in flight may have stored
   * the records, so it fails as InternalFailure: the client's retry decides,
   * and any duplicate is the client's retry, as in Kinesis.
   */
  append(groupId: number, records: RecordIn[], deadlineMs: number): Promise<AppendResult> {
    let queue = this.appendQueues.get(groupId);
    if (!queue) this.appendQueues.set(groupId, (queue = { waiting: [], inFlight: 0 }));
    let bytes = 0;
    for (const r of records) bytes += r.data.byteLength + r.partitionKey.length;
    const waiting = queue.waiting;
    return new Promise((resolve) => {
      waiting.push({ records, bytes, deadline: Date.now() + deadlineMs, resolve });
      this.sendAppends(groupId);
    });
  }

  /** Sends what waits for a shard as Append calls, as many as may be in flight, each holding all the waiting appends that fit. */
  private sendAppends(groupId: number): void {
    const queue = this.appendQueues.get(groupId);
    if (!queue) return;
    while (queue.inFlight < limits.appendCallsInFlightPerShard && queue.waiting.length > 0) {
      const now = Date.now();
      const batch: PendingAppend[] = [];
      let records = 0;
      let bytes = 0;
      while (queue.waiting.length > 0) {
        const next = queue.waiting[0] as PendingAppend;
        if (next.deadline <= now) {
          queue.waiting.shift();
          next.resolve({ ok: false, code: "InternalFailure", message: "the append waited past its deadline and was not sent" });
          continue;
        }
        if (batch.length > 0 && (records + next.records.length > limits.coalescedAppendRecordsMax || bytes + next.bytes > limits.coalescedAppendBytesMax)) break;
        queue.waiting.shift();
        batch.push(next);
        records += next.records.length;
        bytes += next.bytes;
      }
      if (batch.length === 0) break;
      queue.inFlight++;
      const deadline = Math.min(...batch.map((b) => b.deadline));
      void this.appendToLeader(groupId, batch.length === 1 ? (batch[0] as PendingAppend).records : batch.flatMap((b) => b.records), deadline - now).then((result) => {
        let offset = 0;
        for (const b of batch) {
          b.resolve(result.ok ? { ok: true, sequenceNumbers: result.sequenceNumbers.slice(offset, offset + b.records.length) } : result);
          offset += b.records.length;
        }
        queue.inFlight--;
        if (queue.inFlight === 0 && queue.waiting.length === 0) this.appendQueues.delete(groupId);
        else this.sendAppends(groupId);
      });
    }
  }

  private async appendToLeader(groupId: number, records: RecordIn[], deadlineMs: number): Promise<AppendResult> {
    const deadline = Date.now() + deadlineMs;
    let lastFailure: { code: string; message: string } = { code: "InternalFailure", message: "no leader for the shard" };
    for (let attempt = 0; Date.now() < deadline; attempt++) {
      const addresses = this.addresses();
      const address = this.leaderAddress(groupId) ?? (addresses[attempt % addresses.length] as string);
      let res: { ok?: { sequenceNumbers: string[] }; notLeader?: NotLeader; failure?: { code: string; message: string } };
      try {
        res = await this.call(address, "append", { groupId, records }, Math.max(100, deadline - Date.now()));
      } catch (err) {
        this.leaderHints.delete(groupId);
        if (!neverSent(err as grpc.ServiceError)) {
          return { ok: false, code: "InternalFailure", message: `the shard's leader did not answer (${(err as grpc.ServiceError).details}); the records may or may not have been stored` };
        }
        lastFailure = { code: "InternalFailure", message: (err as Error).message };
        await sleep(50);
        continue;
      }
      if (res.ok) return { ok: true, sequenceNumbers: res.ok.sequenceNumbers };
      if (res.notLeader) {
        this.dropIfStale(address, res.notLeader);
        if (res.notLeader.leaderNode) this.leaderHints.set(groupId, res.notLeader.leaderNode);
        else {
          this.leaderHints.delete(groupId);
          await sleep(100); // an election is under way
        }
        continue;
      }
      lastFailure = res.failure ?? lastFailure;
      if (res.failure?.code === "ProvisionedThroughputExceededException") return { ok: false, ...res.failure };
      if (res.failure?.code === "Retry") {
        await sleep(20);
        continue;
      }
      return { ok: false, code: res.failure?.code ?? "InternalFailure", message: res.failure?.message ?? "" };
    }
    return { ok: false, ...lastFailure };
  }

  /** Reads committed records from the shard's leader (or, failing that, any replica). */
  async read(groupId: number, fromIndex: number, fromOffset: number, limit: number, maxBytes: number): Promise<ReadResult> {
    const preferred = this.leaderAddress(groupId);
    const addresses = preferred ? [preferred, ...this.addresses().filter((a) => a !== preferred)] : this.addresses();
    for (const address of addresses) {
      try {
        const res = await this.call<{ ok?: ReadResult; failure?: { code: string; message: string } }>(address, "read", { groupId, fromIndex, fromOffset, limit, maxBytes }, 10_000);
        if (res.ok) return res.ok;
      } catch {
        /* next replica */
      }
    }
    throw new ClusterUnavailableError(`no replica of group ${groupId} answered a read`);
  }

  async seek(groupId: number, timestampMs: number): Promise<number> {
    const preferred = this.leaderAddress(groupId);
    const addresses = preferred ? [preferred, ...this.addresses().filter((a) => a !== preferred)] : this.addresses();
    for (const address of addresses) {
      try {
        const res = await this.call<{ index?: number; failure?: unknown }>(address, "seek", { groupId, timestampMs }, 10_000);
        if (res.index !== undefined && !res.failure) return Number(res.index);
      } catch {
        /* next replica */
      }
    }
    throw new ClusterUnavailableError(`no replica of group ${groupId} answered a seek`);
  }
}

/** Whether a failed call certainly never reached the node (so it stored nothing). */
function neverSent(err: grpc.ServiceError): boolean {
  return err.code === grpc.status.UNAVAILABLE && /No connection established/.test(err.details ?? "");
}
