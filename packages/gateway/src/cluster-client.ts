/**
 * The gateway's view of the cluster, through the gateway-facing node API
 * only (proto/gateway-api.proto): a watched routing table (shard → hash
 * range → leader), the catalog (fetched from the meta leader, cached by its
 * log index), and appends and reads that follow leader changes.
 */
import type { Logger } from "pino";
import type { CatalogCommand, Failure__Output, GatewayApiCaller, NotLeader__Output, ReadOk__Output, RoutingTable__Output } from "@tributary/protocol";
import { CallError, grpcGatewayApiCaller } from "@tributary/protocol";
import type { CatalogView } from "./catalog-view.js";
import { catalogView } from "./catalog-view.js";
import * as limits from "./limits.js";

export interface RecordIn {
  data: Uint8Array;
  partitionKey: string;
}

/**
 * An append's outcome: where its records went (offsets firstOffset,
 * firstOffset + 1, ... of entry `index`; streams.ts recordSequenceNumber
 * renders their sequence numbers) and whether they were stored encrypted;
 * or why not.
 */
export type AppendResult = { ok: true; index: number; firstOffset: number; arrivalMs: number; encrypted: boolean } | { ok: false; failure: Failure__Output };
export type ProposeResult = { ok: true; memberIncarnation: number } | { ok: false; failure: Failure__Output };

interface PendingAppend {
  records: RecordIn[];
  bytes: number;
  deadline: number;
  resolve: (result: AppendResult) => void;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** A failure the gateway itself decides (no node said it). */
const gatewayFailure = (code: Failure__Output["code"], detail: string): Failure__Output => ({ code, detail, current: 0, limit: 0, limitLow: 0, rule: "" });

export class ClusterUnavailableError extends Error {
  constructor(what: string) {
    super(`cluster unavailable: ${what}`);
    this.name = "ClusterUnavailableError";
  }
}

/** Every replica refused a read for a reason of its own that no other replica would change (a key that cannot be used). */
export class ReadRefusedError extends Error {
  constructor(readonly failure: Failure__Output) {
    super(`read refused: ${failure.code}`);
    this.name = "ReadRefusedError";
  }
}

/** A key of encryption at rest that cannot be used: the client's error, not the cluster's. */
export const isKeyFailure = (f: Failure__Output): boolean => f.code.startsWith("KMS_");

/** An Append call in flight to the node that was thought to lead its shard. */
interface AppendInFlight {
  readonly node: string | undefined;
  readonly abandon: AbortController;
  /** Routing named another leader: the call is abandoned unless answered soon (limits.abandonGraceMs). */
  doomed: boolean;
}

export class ClusterClient {
  private readonly nodes = new Map<string, GatewayApiCaller>();
  private routing: RoutingTable__Output | undefined;
  private catalogCache: { index: number; catalog: CatalogView } | undefined;
  private watch: { cancel(): void } | undefined;
  private closed = false;
  private seedCursor = 0;
  private readonly leaderHints = new Map<number, string>();
  /** Per shard group: appends in flight, each abandoned when routing shows a leader other than the node it went to (see abandonAppendsNotTo). */
  private readonly appendsInFlight = new Map<number, Set<AppendInFlight>>();
  /** Per shard group: appends waiting to be sent, and Append calls in flight. */
  private readonly appendQueues = new Map<number, { waiting: PendingAppend[]; inFlight: number }>();
  /** Per shard group: appends told "no leader yet", each waiting (a bounded time) for routing to name one. */
  private readonly leaderWaiters = new Map<number, Set<{ refusedBy: string | undefined; wake: () => void }>>();

  constructor(
    private readonly seeds: string[],
    private readonly log: Logger,
    private readonly connect: (address: string) => GatewayApiCaller = (address) => grpcGatewayApiCaller(address),
    /** Hears of each append abandoned because its shard's leader changed (metrics). */
    private readonly onAbandon: () => void = () => undefined,
  ) {}

  // ------------------------------------------------------------ plumbing

  private node(address: string): GatewayApiCaller {
    let n = this.nodes.get(address);
    if (!n) this.nodes.set(address, (n = this.connect(address)));
    return n;
  }

  /**
   * A node answering "not the leader; the leader is at the address you just
   * called" is not the node we meant: the name behind that address now points
   * elsewhere (a container came back at a new IP, and another got its old
   * one). Dropping the channel makes the next call resolve the name afresh.
   */
  private dropIfStale(calledAddress: string, notLeader: NotLeader__Output): void {
    if (notLeader.leaderAddress !== calledAddress) return;
    this.nodes.get(calledAddress)?.close();
    this.nodes.delete(calledAddress);
    this.log.warn({ address: calledAddress, leader: notLeader.leaderNode }, "a node answered for another at this address; resolving it again");
  }

  /** Every node address known: the seeds and whatever the routing table names. */
  private addresses(): string[] {
    const known = new Set(this.seeds);
    for (const a of this.routing?.nodeAddresses ?? []) known.add(a.address);
    return [...known];
  }

  private addressOfNode(node: string): string | undefined {
    return this.routing?.nodeAddresses.find((a) => a.node === node)?.address;
  }

  // ------------------------------------------------------------ routing watch

  start(): void {
    this.openWatch();
  }

  private openWatch(): void {
    if (this.closed) return;
    const addresses = this.addresses();
    const address = addresses[this.seedCursor++ % addresses.length] as string;
    const openedAt = Date.now();
    const watch = this.node(address).watchRouting(
      (table) => {
        this.routing = table;
        for (const r of table.routes) {
          if (!r.leaderNode) continue;
          this.leaderHints.set(r.groupId, r.leaderNode);
          this.abandonAppendsNotTo(r.groupId, r.leaderNode);
          for (const w of this.leaderWaiters.get(r.groupId) ?? []) if (w.refusedBy !== r.leaderNode) w.wake();
        }
      },
      () => {
        if (this.watch !== watch) return;
        this.watch = undefined;
        // A watch that served a while ended (its node stopping): the next node at once; one that failed
        // at once (a node down, or one that keeps breaking the stream): after a pause.
        setTimeout(() => this.openWatch(), Date.now() - openedAt >= limits.routingWatchLivedMs ? 0 : limits.routingWatchRetryMs).unref();
      },
    );
    this.watch = watch;
  }

  /** Whether a routing table naming a meta leader has arrived (and the watch is open). */
  ready(): boolean {
    return this.watch !== undefined && this.routing !== undefined && this.routing.metaLeaderNode !== "";
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
    for (const n of this.nodes.values()) n.close();
  }

  // ------------------------------------------------------------ catalog

  /**
   * Runs `fn` against the meta leader: starting from the routing table's
   * hint, following NotLeader answers, trying every node, until the deadline.
   */
  private async viaMetaLeader<T extends { notLeader?: NotLeader__Output | null }>(what: string, fn: (node: GatewayApiCaller) => Promise<T>, timeoutMs = 10_000): Promise<T> {
    const deadline = Date.now() + timeoutMs;
    let hint = this.routing?.metaLeaderNode ? this.addressOfNode(this.routing.metaLeaderNode) : undefined;
    for (let attempt = 0; Date.now() < deadline; attempt++) {
      const addresses = this.addresses();
      const address = hint ?? (addresses[attempt % addresses.length] as string);
      hint = undefined;
      try {
        const res = await fn(this.node(address));
        if (!res.notLeader) return res;
        this.dropIfStale(address, res.notLeader);
        if (res.notLeader.leaderAddress) hint = res.notLeader.leaderAddress;
        else await sleep(100);
      } catch (err) {
        if (!(err instanceof CallError)) throw err;
        await sleep(50);
      }
    }
    throw new ClusterUnavailableError(`no meta leader answered ${what}`);
  }

  /** The catalog as the meta leader has it now (read-your-writes for control-plane calls). */
  /**
   * The catalog as the meta leader holds it now. The leader is asked with the
   * index of the copy kept here and sends the catalog only when it moved on,
   * so a read of an unchanged catalog costs a round trip, not a transfer of
   * the whole catalog (and its decoding) per call.
   */
  async freshCatalog(): Promise<CatalogView> {
    const held = this.catalogCache;
    const res = await this.viaMetaLeader("GetCatalog", (n) => n.getCatalog({ knownIndex: held?.index ?? 0 }, 3_000));
    const at = res.catalog;
    if (at?.unchanged && held && Number(at.index) === held.index) return held.catalog;
    if (!at?.catalog) throw new ClusterUnavailableError(`GetCatalog failed: ${res.failure?.code ?? "no answer"}`);
    const fresh = { index: Number(at.index), catalog: catalogView(at.catalog) };
    if (!this.catalogCache || fresh.index >= this.catalogCache.index) this.catalogCache = fresh;
    return fresh.catalog;
  }

  /** The cached catalog, refreshed when the routing table reports a newer one. */
  async catalog(): Promise<CatalogView> {
    if (this.catalogCache && this.routing && this.catalogCache.index >= this.routing.catalogIndex) return this.catalogCache.catalog;
    return this.freshCatalog();
  }

  async propose(command: CatalogCommand): Promise<ProposeResult> {
    const res = await this.viaMetaLeader("ProposeCatalog", (n) => n.proposeCatalog({ command }, 12_000));
    this.catalogCache = undefined; // the next read fetches what we just changed
    if (res.failure) return { ok: false, failure: res.failure };
    return { ok: true, memberIncarnation: res.ok?.memberIncarnation ?? 0 };
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
   * Only an attempt known not to have stored the records is made again: a
   * NotLeader answer, a NOT_STORED failure, or a call that never left (no
   * connection to the node). A call that fails in flight may have stored the
   * records, so it fails as OUTCOME_UNKNOWN: the client's retry decides, and
   * any duplicate is the client's retry, as in Kinesis.
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
          next.resolve({ ok: false, failure: gatewayFailure("NOT_STORED", "the append waited past its deadline and was not sent") });
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
          b.resolve(result.ok ? { ...result, firstOffset: result.firstOffset + offset } : result);
          offset += b.records.length;
        }
        queue.inFlight--;
        if (queue.inFlight === 0 && queue.waiting.length === 0) this.appendQueues.delete(groupId);
        else this.sendAppends(groupId);
      });
    }
  }

  /**
   * Routing shows `leader` leading the group: appends in flight to any other
   * node are abandoned (their outcome is unknown: the old leader may have
   * replicated them before it lost its role), so that no append waits on a
   * leader already replaced, and the shard's next appends go to the new one.
   * Each is given limits.abandonGraceMs first: an old leader that is alive
   * (it handed its leadership over) answers within a round trip, with the
   * outcome or the new leader's name, which spares the caller an unknown
   * outcome; one that is paused or cut off costs only that much more.
   */
  private abandonAppendsNotTo(groupId: number, leader: string): void {
    for (const call of this.appendsInFlight.get(groupId) ?? []) {
      if (call.node === leader || call.doomed || call.abandon.signal.aborted) continue;
      call.doomed = true;
      setTimeout(() => {
        if (call.abandon.signal.aborted || !this.appendsInFlight.get(groupId)?.has(call)) return; // answered meanwhile
        if (call.node !== undefined && this.leaderHints.get(groupId) === call.node) {
          call.doomed = false; // routing named its node again
          return;
        }
        call.abandon.abort();
        this.onAbandon();
      }, limits.abandonGraceMs).unref();
    }
  }

  /** Resolves when routing next names a leader for the group other than `refusedBy` (the node that said it knows none), or after `ms`. */
  private leaderNamed(groupId: number, refusedBy: string | undefined, ms: number): Promise<void> {
    let waiters = this.leaderWaiters.get(groupId);
    if (!waiters) this.leaderWaiters.set(groupId, (waiters = new Set()));
    const set = waiters;
    return new Promise((resolve) => {
      const waiter = {
        refusedBy,
        wake: () => {
          clearTimeout(timer);
          set.delete(waiter);
          if (set.size === 0 && this.leaderWaiters.get(groupId) === set) this.leaderWaiters.delete(groupId);
          resolve();
        },
      };
      const timer = setTimeout(waiter.wake, ms);
      set.add(waiter);
    });
  }

  private nodeAtAddress(address: string): string | undefined {
    return this.routing?.nodeAddresses.find((a) => a.address === address)?.node;
  }

  private async appendToLeader(groupId: number, records: RecordIn[], deadlineMs: number): Promise<AppendResult> {
    const deadline = Date.now() + deadlineMs;
    let lastFailure = gatewayFailure("NOT_STORED", "no leader for the shard");
    let notHosted = 0;
    for (let attempt = 0; Date.now() < deadline; attempt++) {
      const addresses = this.addresses();
      const address = this.leaderAddress(groupId) ?? (addresses[attempt % addresses.length] as string);
      const call: AppendInFlight = { node: this.nodeAtAddress(address), abandon: new AbortController(), doomed: false };
      let calls = this.appendsInFlight.get(groupId);
      if (!calls) this.appendsInFlight.set(groupId, (calls = new Set()));
      calls.add(call);
      let res;
      try {
        res = await this.node(address).append({ groupId, records }, Math.max(100, deadline - Date.now()), call.abandon.signal);
      } catch (err) {
        if (!(err instanceof CallError)) throw err;
        if (call.abandon.signal.aborted) {
          if (err.neverSent) continue; // routing moved before the call left: send it to the new leader
          return { ok: false, failure: gatewayFailure("OUTCOME_UNKNOWN", "the shard's leader changed while the append was in flight; the records may or may not have been stored") };
        }
        this.leaderHints.delete(groupId);
        if (!err.neverSent) return { ok: false, failure: gatewayFailure("OUTCOME_UNKNOWN", `the shard's leader did not answer (${err.message}); the records may or may not have been stored`) };
        lastFailure = gatewayFailure("NOT_STORED", err.message);
        await sleep(50);
        continue;
      } finally {
        calls.delete(call);
        if (calls.size === 0) this.appendsInFlight.delete(groupId);
      }
      if (res.ok) return { ok: true, index: res.ok.index, firstOffset: res.ok.firstOffset, arrivalMs: res.ok.arrivalMs, encrypted: res.ok.encrypted };
      if (res.notLeader) {
        this.dropIfStale(address, res.notLeader);
        if (res.notLeader.leaderNode) this.leaderHints.set(groupId, res.notLeader.leaderNode);
        else if (this.leaderHints.get(groupId) === call.node || !this.leaderHints.has(groupId)) {
          // An election is under way. (Had routing already named another node, the append would go there at once.)
          this.leaderHints.delete(groupId);
          await this.leaderNamed(groupId, call.node, limits.leaderUnknownWaitMs);
        }
        continue;
      }
      const failure = res.failure ?? gatewayFailure("INTERNAL", "an empty answer");
      if (failure.code === "GROUP_NOT_HOSTED") {
        // Certainly not stored: the node is starting, has not loaded the group yet, or the group is gone.
        // Ask the others; when none hosts it, the caller looks at the catalog again.
        if (++notHosted >= 2 * addresses.length) return { ok: false, failure };
        if (this.leaderHints.get(groupId) === call.node) this.leaderHints.delete(groupId);
        await sleep(20);
        continue;
      }
      if (failure.code === "NOT_STORED") {
        lastFailure = failure;
        await sleep(20);
        continue;
      }
      return { ok: false, failure };
    }
    return { ok: false, failure: lastFailure };
  }

  /** Reads committed records from the shard's leader (or, failing that, any replica). */
  async read(groupId: number, fromIndex: number, fromOffset: number, limit: number, maxBytes: number): Promise<ReadOk__Output> {
    let keyFailure: Failure__Output | undefined;
    for (const node of this.replicasOf(groupId)) {
      try {
        const res = await node.read({ groupId, fromIndex, fromOffset, limit, maxBytes }, 10_000);
        if (res.ok) return res.ok;
        if (res.failure && isKeyFailure(res.failure)) keyFailure = res.failure;
      } catch (err) {
        if (!(err instanceof CallError)) throw err;
      }
    }
    if (keyFailure) throw new ReadRefusedError(keyFailure);
    throw new ClusterUnavailableError(`no replica of group ${groupId} answered a read`);
  }

  async seek(groupId: number, timestampMs: number): Promise<number> {
    for (const node of this.replicasOf(groupId)) {
      try {
        const res = await node.seek({ groupId, timestampMs }, 10_000);
        if (res.result === "index") return res.index as number;
      } catch (err) {
        if (!(err instanceof CallError)) throw err;
      }
    }
    throw new ClusterUnavailableError(`no replica of group ${groupId} answered a seek`);
  }

  /**
   * The nodes to subscribe to a shard at, in the order to try: the nodes
   * other than its leader first, rotated by `spread` so that subscriptions
   * spread over them, the leader last. Pushing to consumers then costs the
   * leader nothing while a follower can serve them.
   */
  subscriptionNodes(groupId: number, spread: number): GatewayApiCaller[] {
    const leader = this.leaderAddress(groupId);
    const others = this.addresses()
      .filter((a) => a !== leader)
      .sort();
    const k = others.length === 0 ? 0 : spread % others.length;
    const ordered = [...others.slice(k), ...others.slice(0, k), ...(leader ? [leader] : [])];
    return ordered.map((a) => this.node(a));
  }

  /** The group's leader first (it is surely up to date), then every other node. */
  private replicasOf(groupId: number): GatewayApiCaller[] {
    const preferred = this.leaderAddress(groupId);
    const addresses = preferred ? [preferred, ...this.addresses().filter((a) => a !== preferred)] : this.addresses();
    return addresses.map((a) => this.node(a));
  }
}
