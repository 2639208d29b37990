/**
 * The meta group: its log is the sequence of catalog commands and its state
 * machine the catalog, on every node. Proposals wait here until their entry
 * is applied; on the leader, streams move through their lifecycle (CREATING
 * to ACTIVE once every shard has a leader, DELETING to dropped).
 */
import type { Entry } from "@tributary/raft";
import { ProposalDroppedError } from "@tributary/raft";
import type { GroupLog } from "@tributary/storage";
import type { Catalog as WireCatalog, CatalogCommand, CatalogCommand__Output, Failure } from "@tributary/protocol";
import { decodeCatalog, decodeCatalogCommand, encodeCatalog, encodeCatalogCommand } from "@tributary/protocol";
import type { CommandResult } from "./catalog.js";
import { Catalog } from "./catalog.js";
import { applyCommand } from "./catalog-commands.js";
import { META_GROUP } from "./ids.js";
import * as limits from "./limits.js";
import type { GroupContext } from "./raft-group.js";
import { RaftGroup } from "./raft-group.js";

/** A command's outcome for its proposer: its result, or "not the leader" (nothing was decided). */
export type CommandOutcome = CommandResult | { readonly notLeader: true };

interface PendingCommand {
  readonly term: number;
  readonly resolve: (outcome: CommandOutcome) => void;
  readonly deadline: number;
}

export interface MetaContext extends GroupContext {
  /** Entries of the meta log kept in memory before the catalog is snapshotted and the log compacted. */
  readonly metaLogCacheEntries: number;
  /** The catalog changed (an entry or a snapshot was applied): shard replicas follow it after this iteration. */
  catalogChanged(): void;
}

const failed = (code: Failure["code"], detail: string): CommandResult => ({ ok: false, failure: { code, detail } });

export class MetaGroup extends RaftGroup {
  protected readonly deletesCompactedEntries = true;
  catalog: Catalog;
  /** The meta log index the catalog reflects. */
  catalogIndex: number;
  /** Proposed commands by log index. */
  private readonly commands = new Map<number, PendingCommand>();
  /** The catalog's wire form and the index it was made at (gateways fetch it after every change). */
  private wire: { readonly index: number; readonly catalog: WireCatalog } | undefined;

  constructor(
    log: GroupLog,
    private readonly metaCtx: MetaContext,
  ) {
    super(META_GROUP, log, metaCtx);
    const snapshot = log.snapshot();
    this.catalog = snapshot.metadata.index > 0 ? Catalog.fromWire(decodeCatalog(snapshot.data)) : new Catalog();
    this.catalogIndex = snapshot.metadata.index;
  }

  protected cacheEntriesMax(): number {
    return this.metaCtx.metaLogCacheEntries;
  }

  protected cacheBytesMax(): number {
    return limits.metaLogCacheBytesMax;
  }

  protected snapshotData(): Uint8Array {
    return encodeCatalog(this.wireCatalog());
  }

  /** The catalog's wire form, made once per meta log index however many callers ask. */
  wireCatalog(): WireCatalog {
    if (this.wire?.index !== this.catalogIndex) this.wire = { index: this.catalogIndex, catalog: this.catalog.toWire() };
    return this.wire.catalog;
  }

  /** Proposes a command; resolves with its result once applied here (leader only). */
  propose(command: CatalogCommand): Promise<CommandOutcome> {
    if (!this.isLeader()) return Promise.resolve({ notLeader: true });
    return new Promise((resolve) => {
      try {
        const pos = this.raw.propose(encodeCatalogCommand(command));
        this.commands.set(pos.index, { term: pos.term, resolve, deadline: this.ctx.clock.now() + limits.appendTimeoutMs });
        this.wakeUp();
      } catch (err) {
        if (!(err instanceof ProposalDroppedError)) throw err;
        resolve({ notLeader: true });
      }
    });
  }

  beforeReady(now: number): void {
    for (const [index, c] of this.commands) {
      if (c.deadline >= now) continue;
      c.resolve(failed("OUTCOME_UNKNOWN", "the catalog change did not commit in time"));
      this.commands.delete(index);
    }
  }

  failWaiting(reason: string): void {
    for (const c of this.commands.values()) c.resolve(failed("OUTCOME_UNKNOWN", reason));
    this.commands.clear();
  }

  protected onRoleChange(_isLeader: boolean, wasLeader: boolean): void {
    if (!wasLeader) return;
    // Commands proposed here may still commit under the next leader; their proposers hear "not
    // the leader" and ask again, and every command applies idempotently or fails the same way.
    for (const c of this.commands.values()) c.resolve({ notLeader: true });
    this.commands.clear();
  }

  protected restore(data: Uint8Array, index: number): void {
    this.catalog = Catalog.fromWire(decodeCatalog(data));
    this.catalogIndex = index;
    this.metaCtx.catalogChanged();
  }

  protected applyEntry(e: Entry): void {
    this.catalogIndex = e.index;
    if (e.data.byteLength === 0) return; // a leader's empty entry of its term
    let command: CatalogCommand__Output | undefined;
    try {
      command = decodeCatalogCommand(e.data);
    } catch {
      command = undefined;
    }
    // A command that does not decode fails the same way on every replica; it never stops one.
    let result: CommandResult;
    try {
      result = command ? applyCommand(this.catalog, command) : failed("INVALID_REQUEST", `meta entry ${e.index} is not a catalog command`);
    } catch (err) {
      // Applying is deterministic, so a command that throws throws on every replica, at the same
      // point: recorded as the same failure everywhere, it never stops a node (nor its restarts).
      this.ctx.log.error({ err, index: e.index, command: command?.command }, "a catalog command could not apply");
      result = failed("INVALID_REQUEST", `meta entry ${e.index} could not apply: ${(err as Error).message}`);
    }
    if (!result.ok && command) this.ctx.log.debug({ index: e.index, command: command.command, code: result.failure.code }, "catalog command refused");
    this.metaCtx.catalogChanged();
    const waiter = this.commands.get(e.index);
    if (waiter) {
      this.commands.delete(e.index);
      waiter.resolve(waiter.term === e.term ? result : { notLeader: true });
    }
  }

  /**
   * On the leader, each maintenance round: a cluster gets its iterator secret,
   * streams whose every shard has a leader become ACTIVE, DELETING streams are
   * dropped.
   */
  advanceStreams(shardHasLeader: (group: number) => boolean, newSecret: () => string): void {
    if (!this.isLeader()) return;
    const c = this.catalog;
    if (c.clusterId !== "" && c.iteratorSecret === "") void this.propose({ setIteratorSecret: { secret: newSecret() } });
    for (const stream of c.streams.values()) {
      for (const consumer of stream.consumers) {
        const named = { stream: stream.name, consumer: consumer.name, arn: consumer.arn };
        if (consumer.status === "CONSUMER_CREATING") void this.propose({ activateConsumer: named });
        else if (consumer.status === "CONSUMER_DELETING") void this.propose({ dropConsumer: named });
      }
      if (stream.status === "CREATING" || stream.status === "UPDATING") {
        if (stream.shards.every((s) => shardHasLeader(s.groupId))) void this.propose({ activateStream: { name: stream.name } });
      } else if (stream.status === "DELETING") {
        void this.propose({ dropStream: { name: stream.name } });
      }
    }
  }
}
