/**
 * Encryption at rest, end to end on real processes: after StartStreamEncryption
 * no byte of a stream's records is in any node's LevelDB files (the write-ahead
 * log and the tables alike), while a stream in the clear shows its records
 * there (so the scan would see them); after every node restarts, the
 * encrypted records read back byte for byte.
 */
import { randomBytes } from "node:crypto";
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { CreateStreamCommand, GetRecordsCommand, GetShardIteratorCommand, PutRecordCommand, PutRecordsCommand, StartStreamEncryptionCommand } from "@aws-sdk/client-kinesis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Harness } from "./harness.js";
import { startHarness, waitActive, waitFor } from "./harness.js";

let h: Harness;
beforeAll(async () => (h = await startHarness({ processes: true })), 180_000);
afterAll(() => h?.stop());

const nodes = ["az-a", "az-b", "az-c"] as const;

/** Every file under `dir`, concatenated (bounded: the data directories of a short test). */
function filesUnder(dir: string): Buffer[] {
  const out: Buffer[] = [];
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) out.push(...filesUnder(path));
    else out.push(readFileSync(path));
  }
  return out;
}

const found = (files: Buffer[], marker: string) => files.some((f) => f.includes(marker));

async function readAll(stream: string): Promise<{ data: string; type: string | undefined }[]> {
  const it = await h.kinesis.send(new GetShardIteratorCommand({ StreamName: stream, ShardId: "shardId-000000000000", ShardIteratorType: "TRIM_HORIZON" }));
  const res = await h.kinesis.send(new GetRecordsCommand({ ShardIterator: it.ShardIterator as string }));
  return (res.Records ?? []).map((r) => ({ data: Buffer.from(r.Data ?? []).toString(), type: r.EncryptionType }));
}

describe("encryption at rest", () => {
  it("leaves no plaintext of an encrypted stream in any node's LevelDB files, and reads it back after every node restarts", async () => {
    for (const name of ["plain", "sealed"]) {
      await h.kinesis.send(new CreateStreamCommand({ StreamName: name, ShardCount: 1 }));
      await waitActive(h, name);
    }
    await h.kinesis.send(new StartStreamEncryptionCommand({ StreamName: "sealed", EncryptionType: "KMS", KeyId: "alias/aws/kinesis" }));
    await waitActive(h, "sealed");
    // The shard's leader seals from the moment it applies the change: wait until a probe says so.
    await waitFor("records sealed", async () => (await h.kinesis.send(new PutRecordCommand({ StreamName: "sealed", Data: Buffer.from("probe"), PartitionKey: "probe" }))).EncryptionType === "KMS", 10_000, 50);

    const markers = { plain: [] as string[], sealed: [] as string[] };
    for (const stream of ["plain", "sealed"] as const) {
      for (let batch = 0; batch < 4; batch++) {
        const records = Array.from({ length: 5 }, () => `marker-${stream}-${randomBytes(12).toString("hex")}`);
        markers[stream].push(...records);
        const res = await h.kinesis.send(new PutRecordsCommand({ StreamName: stream, Records: records.map((m) => ({ Data: Buffer.from(m), PartitionKey: `pk-${m}` })) }));
        expect([res.FailedRecordCount, res.EncryptionType]).toEqual([0, stream === "sealed" ? "KMS" : "NONE"]);
      }
    }

    const processes = h.processes as NonNullable<Harness["processes"]>;
    await Promise.all(nodes.map((n) => processes.stopMember(n)));
    for (const n of nodes) {
      const files = filesUnder(processes.dataDir(n));
      expect(files.length, n).toBeGreaterThan(0);
      // The scan sees what is in the clear: every record of the plain stream.
      for (const m of markers.plain) expect(found(files, m), `${n}: ${m}`).toBe(true);
      // And nothing of the encrypted stream: neither its data nor its partition keys.
      for (const m of markers.sealed) expect(found(files, m), `${n}: ${m}`).toBe(false);
    }

    for (const n of nodes) await processes.restart(n);
    // Reads go on once the shard has a leader again.
    const group = Number((await processes.catalog(60_000)).streams.find((s) => s.name === "sealed")?.shards[0]?.groupId);
    await waitFor("the sealed stream's shard led again", async () => (await processes.leaderOf(group)) !== undefined, 60_000, 200);
    await waitFor("the sealed stream readable again", async () => (await readAll("sealed").catch(() => [])).length > markers.sealed.length, 60_000, 200);
    const back = (await readAll("sealed")).filter((r) => r.data !== "probe");
    expect(back.map((r) => r.data)).toEqual(markers.sealed);
    expect(back.every((r) => r.type === "KMS")).toBe(true);
    expect((await readAll("plain")).map((r) => r.data)).toEqual(markers.plain);
  }, 180_000);
});
