/**
 * The node's side of the gateway-facing API (proto/gateway-api.proto):
 * translations between wire messages and the groups. Appends go to a shard
 * group this node leads; reads and seeks are served by any replica; catalog
 * calls go to the meta group's leader. Answers are results, NotLeader hints
 * or failure codes; a handler never throws (the unexpected becomes INTERNAL
 * and is logged).
 */
import type {
  AppendRequest__Output,
  AppendResponse,
  Failure,
  GatewayApiHandler,
  GetCatalogRequest__Output,
  GetCatalogResponse,
  NotLeader,
  CatalogCommand__Output,
  ProposeCatalogRequest__Output,
  ProposeCatalogResponse,
  ReadRequest__Output,
  ReadResponse,
  RoutingTable,
  SeekRequest__Output,
  SeekResponse,
  SubscribeRequest__Output,
  SubscribeResponse,
} from "@tributary/protocol";
import type { Logger } from "pino";
import type { Clock } from "./clock.js";
import { commandProblem } from "./command-checks.js";
import type { GroupManager } from "./group-manager.js";
import { parseReplicaId } from "./ids.js";
import type { RecordCipher } from "./record-cipher.js";
import { KeyUnavailableError } from "./record-cipher.js";
import * as limits from "./limits.js";
import type { ShardGroup } from "./shard-group.js";
import { subscription } from "./subscription.js";

/** What the handler needs of its node. */
export interface NodeForGateways {
  readonly groups: GroupManager;
  readonly log: Logger;
  readonly clock: Clock;
  readonly cipher: RecordCipher;
  /** A fresh random secret (iterator signing). */
  newSecret(): string;
  routingTable(): RoutingTable;
  watchRouting(onChange: () => void): () => void;
}

type Answer = { failure?: Failure | null };

export class NodeGatewayApi implements GatewayApiHandler {
  /** Subscriptions being served (bounded: limits.subscriptionsPerNodeMax). */
  private subscriptions = 0;

  constructor(private readonly node: NodeForGateways) {}

  private notLeader(leader: string): NotLeader {
    return { leaderNode: leader ? parseReplicaId(leader).node : "", leaderAddress: this.node.groups.addressOf(leader) };
  }

  /** Runs a handler; anything it throws is a bug, logged and answered as INTERNAL. */
  private async guard<T extends Answer>(rpc: string, fn: () => Promise<T>): Promise<T> {
    try {
      return await fn();
    } catch (err) {
      if (err instanceof KeyUnavailableError) return { failure: err.failure } as T;
      this.node.log.error({ err, rpc }, "node API call failed");
      return { failure: { code: "INTERNAL", detail: "internal error" } } as T;
    }
  }

  /** Runs `fn` on this node's replica of a shard group, or answers that there is none. */
  private withShard<T extends Answer>(rpc: string, groupId: number, fn: (shard: ShardGroup) => Promise<T>): Promise<T> {
    return this.guard(rpc, async () => {
      const shard = this.node.groups.loaded ? this.node.groups.shard(groupId) : undefined;
      return shard ? fn(shard) : ({ failure: { code: "GROUP_NOT_HOSTED", detail: `no shard group ${groupId} on this node` } } as T);
    });
  }

  append(req: AppendRequest__Output): Promise<AppendResponse> {
    return this.withShard("Append", req.groupId, async (shard): Promise<AppendResponse> => {
      const outcome = await shard.append(req.records.map((r) => ({ data: r.data, partitionKey: r.partitionKey })));
      switch (outcome.kind) {
        case "ok":
          return { ok: { index: outcome.index, firstOffset: outcome.firstOffset, arrivalMs: outcome.arrivalMs, encrypted: outcome.encrypted } };
        case "not-leader":
          return { notLeader: this.notLeader(outcome.leader) };
        case "failure":
          return { failure: outcome.failure };
      }
    });
  }

  read(req: ReadRequest__Output): Promise<ReadResponse> {
    return this.withShard("Read", req.groupId, async (shard): Promise<ReadResponse> => {
      const limit = Math.min(req.limit || limits.readRecordsMax, limits.readRecordsMax);
      const maxBytes = Math.min(req.maxBytes || limits.readBytesMax, limits.readBytesMax);
      return { ok: await shard.read(req.fromIndex, req.fromOffset, limit, maxBytes) };
    });
  }

  seek(req: SeekRequest__Output): Promise<SeekResponse> {
    return this.withShard("Seek", req.groupId, async (shard): Promise<SeekResponse> => ({ index: await shard.seek(req.timestampMs) }));
  }

  /** The meta leader's catalog; only its index when the caller holds the catalog at that index already. */
  getCatalog(req: GetCatalogRequest__Output): Promise<GetCatalogResponse> {
    return this.guard("GetCatalog", async (): Promise<GetCatalogResponse> => {
      const groups = this.node.groups;
      if (!groups.loaded || !groups.meta.isLeader()) return { notLeader: this.notLeader(groups.loaded ? groups.meta.lead : "") };
      const index = groups.meta.catalogIndex;
      if (Number(req.knownIndex) === index) return { catalog: { index, unchanged: true } };
      return { catalog: { index, catalog: groups.meta.wireCatalog() } };
    });
  }

  proposeCatalog(req: ProposeCatalogRequest__Output): Promise<ProposeCatalogResponse> {
    return this.guard("ProposeCatalog", async (): Promise<ProposeCatalogResponse> => {
      const groups = this.node.groups;
      const problem = req.command ? commandProblem(req.command) : "no catalog command";
      if (!req.command || problem) return { failure: { code: "INVALID_REQUEST", detail: problem ?? "" } };
      if (!groups.loaded) return { notLeader: this.notLeader("") };
      const command = this.withSecrets(req.command);
      const outcome = await groups.meta.propose(command);
      if ("notLeader" in outcome) return { notLeader: this.notLeader(groups.meta.lead) };
      return outcome.ok ? { ok: { memberIncarnation: outcome.memberIncarnation ?? 0 } } : { failure: outcome.failure };
    });
  }

  /**
   * A command as it is proposed, with the secrets only a node makes (what the
   * caller sent in their place is ignored): StartStreamEncryption gets the
   * master key its KeyId names in this node's keyring and a new data key
   * wrapped by it (a keyring without that key fails it here, before the log);
   * an iterator-secret rotation gets a new secret. Others go as they came.
   */
  private withSecrets(command: CatalogCommand__Output): CatalogCommand__Output {
    if (command.command === "setIteratorSecret") return { setIteratorSecret: { secret: this.node.newSecret(), rotate: true, nowMs: this.node.clock.now() }, command: "setIteratorSecret" };
    const x = command.startStreamEncryption;
    if (command.command !== "startStreamEncryption" || !x) return command;
    const master = this.node.cipher.masterKey(x.keyId);
    return { ...command, startStreamEncryption: { ...x, masterKeyId: master.id, wrappedDataKey: Buffer.from(this.node.cipher.newDataKey(master)) } };
  }

  async *subscribe(req: SubscribeRequest__Output, signal: AbortSignal): AsyncGenerator<SubscribeResponse> {
    const shard = this.node.groups.loaded ? this.node.groups.shard(req.groupId) : undefined;
    if (!shard) {
      yield { failure: { code: "GROUP_NOT_HOSTED", detail: `no shard group ${req.groupId} on this node` } };
      return;
    }
    if (this.subscriptions >= limits.subscriptionsPerNodeMax) {
      yield { failure: { code: "OVERLOADED", detail: `this node serves ${this.subscriptions} subscriptions already` } };
      return;
    }
    this.subscriptions++;
    try {
      const maxBytes = Math.min(req.maxBytes || limits.readBytesMax, limits.readBytesMax);
      yield* subscription(shard, { index: req.fromIndex, offset: req.fromOffset }, maxBytes, this.node.clock, signal);
    } catch (err) {
      if (err instanceof KeyUnavailableError) {
        yield { failure: err.failure };
        return;
      }
      this.node.log.error({ err, rpc: "Subscribe" }, "node API call failed");
      yield { failure: { code: "INTERNAL", detail: "internal error" } };
    } finally {
      this.subscriptions--;
    }
  }

  watchRouting(push: (table: RoutingTable) => void): () => void {
    push(this.node.routingTable());
    return this.node.watchRouting(() => push(this.node.routingTable()));
  }
}
