/**
 * The durability checker. After the faults stop and the cluster heals, it
 * reads every shard from TRIM_HORIZON and compares what is stored with what
 * the producers were told:
 *
 * - lost: acknowledged, but not readable anywhere;
 * - sequence-number violations: a sequence number acknowledged for one record
 *   that holds another (or nothing), or one sequence number read twice;
 * - reordered: within a shard, a record acknowledged before another was first
 *   sent is stored after it, or sequence numbers that go backwards; and the
 *   same within a partition key across a reshard, read as a consumer reads
 *   (a shard's records, then its children's: shard ids grow with creation);
 * - duplicated: readable more than once, and whether a client retry explains it;
 * - readable but never acknowledged (allowed: the reply was lost), counted.
 *
 * Loss, reordering, sequence-number violations and duplicates no retry
 * explains fail the check.
 */
import { readFileSync } from "node:fs";
import { GetRecordsCommand, GetShardIteratorCommand, ListShardsCommand } from "@aws-sdk/client-kinesis";
import type { KinesisClient } from "@aws-sdk/client-kinesis";
import type { Ack } from "./workload.js";
import { sleep } from "@tributary/testkit";

export interface StoredRecord {
  seq: string;
  /** The record's id (its data up to the first "|"), or undefined for a record of another writer. */
  id: string | undefined;
  partitionKey?: string;
}

export interface ShardContents {
  shard: string;
  records: StoredRecord[];
}

/** Reads every shard of a stream from TRIM_HORIZON to its end. Bounded in pages and time; transient errors are retried. */
export async function readStream(kinesis: KinesisClient, stream: string, timeoutMs = 180_000): Promise<ShardContents[]> {
  const deadline = Date.now() + timeoutMs;
  const retrying = async <T>(what: string, fn: () => Promise<T>): Promise<T> => {
    for (let attempt = 1; ; attempt++) {
      try {
        return await fn();
      } catch (err) {
        if (attempt >= 60 || Date.now() > deadline) throw new Error(`reading ${stream}: ${what} failed ${attempt} times: ${(err as Error).message}`);
        await sleep(500);
      }
    }
  };
  const shardIds: string[] = [];
  let nextToken: string | undefined;
  for (let page = 0; page < 1_000; page++) {
    const res = await retrying("ListShards", () => kinesis.send(new ListShardsCommand(nextToken ? { NextToken: nextToken } : { StreamName: stream })));
    for (const s of res.Shards ?? []) shardIds.push(s.ShardId as string);
    nextToken = res.NextToken;
    if (!nextToken) break;
  }
  const contents: ShardContents[] = [];
  for (const shard of shardIds) {
    const records: StoredRecord[] = [];
    let iterator = (await retrying("GetShardIterator", () => kinesis.send(new GetShardIteratorCommand({ StreamName: stream, ShardId: shard, ShardIteratorType: "TRIM_HORIZON" })))).ShardIterator;
    for (let page = 0; page < 100_000 && iterator; page++) {
      if (Date.now() > deadline) throw new Error(`reading ${stream}: not at the end of ${shard} after ${timeoutMs} ms`);
      const current = iterator;
      const res = await retrying("GetRecords", () => kinesis.send(new GetRecordsCommand({ ShardIterator: current, Limit: 10_000 })));
      for (const r of res.Records ?? []) {
        const data = Buffer.from(r.Data ?? new Uint8Array());
        const bar = data.indexOf(0x7c);
        records.push({ seq: r.SequenceNumber as string, id: bar > 0 ? data.subarray(0, bar).toString() : undefined, partitionKey: r.PartitionKey as string });
      }
      if ((res.Records ?? []).length === 0 && res.MillisBehindLatest === 0) break;
      iterator = res.NextShardIterator; // none at the end of a closed shard
    }
    contents.push({ shard, records });
  }
  return contents;
}

/** Reads an acknowledgement log written by a Workload (see workload.ts). */
export function readAckLog(path: string): { runId: string; stream: string; acks: Ack[]; retried: Set<string> } {
  let runId = "";
  let stream = "";
  const acks: Ack[] = [];
  const retried = new Set<string>();
  const lines = readFileSync(path, "utf8").split("\n").filter((l) => l.trim());
  for (const [n, line] of lines.entries()) {
    let entry: { type?: string } & Record<string, unknown>;
    try {
      entry = JSON.parse(line) as typeof entry;
    } catch {
      if (n === lines.length - 1) break; // the writer was stopped mid-line
      throw new Error(`${path}:${n + 1}: not JSON`);
    }
    if (entry.type === "run") ({ runId, stream } = entry as unknown as { runId: string; stream: string });
    else if (entry.type === "retry") retried.add(entry.id as string);
    else if (entry.type === "ack") {
      const { type: _, ...ack } = entry;
      acks.push(ack as unknown as Ack);
    }
  }
  if (!runId) throw new Error(`${path}: no run line; is it an acknowledgement log?`);
  return { runId, stream, acks, retried };
}

export interface Finding {
  id: string;
  detail: string;
}

export interface DurabilityReport {
  ok: boolean;
  acknowledged: number;
  readable: number;
  lost: number;
  sequenceNumberViolations: number;
  reordered: number;
  /** Of which within a partition key, across shards of one lineage. */
  reorderedInKey: number;
  duplicated: { records: number; explainedByRetry: number; unexplained: number };
  unacknowledgedReadable: number;
  /** Records not written by this run (no id of its own). */
  foreign: number;
  perShard: { shard: string; readable: number; acknowledged: number }[];
  /** Up to 20 examples of each kind of violation. */
  examples: { lost: Finding[]; sequenceNumberViolations: Finding[]; reordered: Finding[]; unexplainedDuplicates: Finding[] };
}

const EXAMPLES = 20;

export function checkDurability(acks: readonly Ack[], retried: ReadonlySet<string>, stored: readonly ShardContents[], runId: string): DurabilityReport {
  const examples: DurabilityReport["examples"] = { lost: [], sequenceNumberViolations: [], reordered: [], unexplainedDuplicates: [] };
  const add = (list: Finding[], f: Finding) => {
    if (list.length < EXAMPLES) list.push(f);
  };
  let sequenceNumberViolations = 0;
  let reordered = 0;
  let readable = 0;
  let foreign = 0;

  // What is stored: each record's place, and what each sequence number holds.
  const holder = new Map<string, string | undefined>(); // "shard/seq" -> id
  const places = new Map<string, { shard: string; seq: string; position: number }[]>(); // id -> where it is stored
  for (const { shard, records } of stored) {
    let previous = -1n;
    records.forEach((r, position) => {
      readable++;
      const seq = BigInt(r.seq);
      if (seq === previous) {
        sequenceNumberViolations++;
        add(examples.sequenceNumberViolations, { id: r.id ?? "?", detail: `${shard}: sequence number ${r.seq} read twice` });
      } else if (seq < previous) {
        reordered++;
        add(examples.reordered, { id: r.id ?? "?", detail: `${shard}: sequence number ${r.seq} stored after ${previous}` });
      }
      previous = seq;
      holder.set(`${shard}/${r.seq}`, r.id);
      if (r.id === undefined || !r.id.startsWith(`${runId}-`)) {
        foreign++;
        return;
      }
      const list = places.get(r.id) ?? [];
      list.push({ shard, seq: r.seq, position });
      places.set(r.id, list);
    });
  }

  // Every acknowledgement against what is stored.
  let lost = 0;
  const acked = new Map<string, Ack>();
  const ackedPerShard = new Map<string, { ack: Ack; position: number }[]>();
  for (const ack of acks) {
    acked.set(ack.id, ack);
    const where = places.get(ack.id);
    if (!where) {
      lost++;
      add(examples.lost, { id: ack.id, detail: `acknowledged as ${ack.shard} ${ack.seq} at ${new Date(ack.ackAt).toISOString()}, not readable` });
      continue;
    }
    const at = holder.get(`${ack.shard}/${ack.seq}`);
    if (at !== ack.id) {
      sequenceNumberViolations++;
      add(examples.sequenceNumberViolations, { id: ack.id, detail: `acknowledged as ${ack.shard} ${ack.seq}, which holds ${at === undefined ? "nothing" : at}; stored at ${where.map((w) => `${w.shard} ${w.seq}`).join(", ")}` });
      continue;
    }
    const place = where.find((w) => w.shard === ack.shard && w.seq === ack.seq) as { position: number };
    const list = ackedPerShard.get(ack.shard) ?? [];
    list.push({ ack, position: place.position });
    ackedPerShard.set(ack.shard, list);
  }

  // Real-time order within a shard: if A was acknowledged before B was first
  // sent, A is stored before B.
  for (const [shard, list] of ackedPerShard) reordered += countReordered(list, shard, examples.reordered, add);

  // The same within a partition key, across the shards of its lineage, in the
  // order a consumer reads them: shard by shard in creation order (a shard's
  // id grows with its creation, so parents come before their children).
  const shardOrder = new Map([...stored].map((c) => c.shard).sort().map((shard, i) => [shard, i]));
  const keyOf = new Map<string, string>();
  for (const { records } of stored) for (const r of records) if (r.id !== undefined && r.partitionKey !== undefined) keyOf.set(`${r.id}`, r.partitionKey);
  const ackedPerKey = new Map<string, { ack: Ack; position: number }[]>();
  for (const [shard, list] of ackedPerShard) {
    const base = (shardOrder.get(shard) ?? 0) * 1e9;
    for (const { ack, position } of list) {
      const key = keyOf.get(ack.id);
      if (key === undefined) continue;
      const perKey = ackedPerKey.get(key) ?? [];
      perKey.push({ ack, position: base + position });
      ackedPerKey.set(key, perKey);
    }
  }
  let reorderedInKey = 0;
  for (const [key, list] of ackedPerKey) reorderedInKey += countReordered(list, `key ${key}`, examples.reordered, add);
  reordered += reorderedInKey;

  let duplicatedRecords = 0;
  let explainedByRetry = 0;
  let unacknowledgedReadable = 0;
  for (const [id, where] of places) {
    if (!acked.has(id)) unacknowledgedReadable++;
    if (where.length < 2) continue;
    duplicatedRecords++;
    if (retried.has(id)) explainedByRetry++;
    else add(examples.unexplainedDuplicates, { id, detail: `stored ${where.length} times (${where.map((w) => `${w.shard} ${w.seq}`).join(", ")}), sent once` });
  }
  const unexplained = duplicatedRecords - explainedByRetry;

  return {
    ok: lost === 0 && sequenceNumberViolations === 0 && reordered === 0 && unexplained === 0,
    acknowledged: acked.size,
    readable,
    lost,
    sequenceNumberViolations,
    reordered,
    reorderedInKey,
    duplicated: { records: duplicatedRecords, explainedByRetry, unexplained },
    unacknowledgedReadable,
    foreign,
    perShard: stored.map(({ shard, records }) => ({ shard, readable: records.length, acknowledged: ackedPerShard.get(shard)?.length ?? 0 })),
    examples,
  };
}

/**
 * Records of one order (a shard, or a partition key's lineage) that break
 * real time: walking from the end, keep the earliest acknowledgement stored
 * after the current record; one that came before the current record was
 * first sent is out of order.
 */
function countReordered(list: { ack: Ack; position: number }[], where: string, out: Finding[], add: (list: Finding[], f: Finding) => void): number {
  list.sort((x, y) => x.position - y.position);
  let count = 0;
  let earliestAfter: Ack | undefined;
  for (let i = list.length - 1; i >= 0; i--) {
    const { ack } = list[i] as { ack: Ack };
    if (earliestAfter && earliestAfter.ackAt < ack.sentAt) {
      count++;
      add(out, { id: earliestAfter.id, detail: `${where}: acknowledged at ${earliestAfter.ackAt}, yet stored after ${ack.id}, first sent at ${ack.sentAt}` });
    }
    if (!earliestAfter || ack.ackAt < earliestAfter.ackAt) earliestAfter = ack;
  }
  return count;
}

/** The report as a few readable lines. */
export function formatDurability(r: DurabilityReport): string {
  const lines = [
    `durability: ${r.ok ? "OK" : "FAILED"}`,
    `  acknowledged            ${r.acknowledged}`,
    `  readable                ${r.readable}${r.foreign ? ` (${r.foreign} from other writers)` : ""}`,
    `  lost (acknowledged)     ${r.lost}`,
    `  sequence-number errors  ${r.sequenceNumberViolations}`,
    `  reordered               ${r.reordered} (${r.reorderedInKey} within a partition key across shards)`,
    `  duplicated              ${r.duplicated.records} (${r.duplicated.explainedByRetry} explained by a client retry, ${r.duplicated.unexplained} not)`,
    `  readable, never acked   ${r.unacknowledgedReadable} (allowed: the reply was lost)`,
    `  per shard               ${r.perShard.map((s) => `${s.shard.replace("shardId-", "")}: ${s.readable}`).join(", ")}`,
  ];
  for (const [kind, list] of Object.entries(r.examples)) for (const f of list) lines.push(`  ${kind}: ${f.id}: ${f.detail}`);
  return lines.join("\n");
}
