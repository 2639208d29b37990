/**
 * The wire contract: generated types match proto/, the catalog's encodings
 * round-trip, sequence numbers keep AWS's layout, and an in-process call
 * behaves as a call over the network (wire encoding, unreachable, deadline).
 */
import { execFileSync } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import type { GatewayApiHandler } from "../src/index.js";
import { CallError, decodeCatalogCommand, encodeCatalogCommand, inProcessGatewayApiCaller, parseSequenceNumber, realTimer, sequenceNumber } from "../src/index.js";

const packageDir = fileURLToPath(new URL("..", import.meta.url));

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? files(path) : [path];
  });
}

describe("generated types", () => {
  it("are what scripts/generate.sh makes from proto/ now (regenerate and commit after changing a proto file)", () => {
    const out = mkdtempSync(join(tmpdir(), "tributary-protocol-"));
    try {
      execFileSync("bash", [join(packageDir, "scripts/generate.sh"), out], { stdio: "pipe" });
      const committed = join(packageDir, "src/generated");
      const fresh = files(out).map((f) => relative(out, f)).sort();
      expect(files(committed).map((f) => relative(committed, f)).sort()).toEqual(fresh);
      for (const f of fresh) expect(readFileSync(join(committed, f), "utf8"), f).toBe(readFileSync(join(out, f), "utf8"));
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
  });
});

describe("catalog commands", () => {
  it("round-trip as the data of a meta log entry, with their oneof case and enum names", () => {
    const bytes = encodeCatalogCommand({ createStream: { name: "s", shardCount: 3, mode: "ON_DEMAND", tags: [{ key: "k", value: "v" }], maxRecordSizeKib: 1024, nowMs: 1_795_000_000_123 } });
    const decoded = decodeCatalogCommand(bytes);
    expect(decoded.command).toBe("createStream");
    expect(decoded.createStream).toEqual({ name: "s", shardCount: 3, mode: "ON_DEMAND", tags: [{ key: "k", value: "v" }], maxRecordSizeKib: 1024, nowMs: 1_795_000_000_123 });
  });

  it("refuse bytes that are not a command", () => {
    expect(() => decodeCatalogCommand(new Uint8Array([0xff, 0xff, 0xff]))).toThrow();
  });
});

describe("sequence numbers", () => {
  const base = { shardCreatedS: 1_700_000_000, shardIndex: 3, logIndex: 42, offset: 7, arrivalS: 1_700_000_123 };

  it("are 56 decimal digits and decode back to their parts", () => {
    const s = sequenceNumber(base);
    expect(s).toMatch(/^\d{56}$/);
    expect(parseSequenceNumber(s)).toEqual(base);
  });

  it("decode a sequence number from AWS's documentation in the same layout", () => {
    const parts = parseSequenceNumber("49546986683135544286507457936321625675700192471156785154");
    expect(parts).toBeDefined();
    expect(parts?.shardIndex).toBe(0);
  });

  it("increase with the log position, whatever the arrival time", () => {
    const a = BigInt(sequenceNumber({ ...base, logIndex: 42, offset: 9, arrivalS: base.arrivalS + 100 }));
    const b = BigInt(sequenceNumber({ ...base, logIndex: 43, offset: 0, arrivalS: base.arrivalS }));
    const c = BigInt(sequenceNumber({ ...base, logIndex: 43, offset: 1, arrivalS: base.arrivalS }));
    expect(a < b && b < c).toBe(true);
  });

  it("reject what is not one of ours", () => {
    expect(parseSequenceNumber("12")).toBeUndefined();
    expect(parseSequenceNumber("abc")).toBeUndefined();
  });
});

describe("in-process calls", () => {
  const never = new Promise<never>(() => undefined);
  const handler: GatewayApiHandler = {
    append: async (req) => ({ ok: { sequenceNumbers: req.records.map((r) => `${r.partitionKey}:${r.data.byteLength}`), index: Number(req.groupId), arrivalMs: 5 } }),
    read: async () => never,
    seek: async () => ({ failure: { code: "GROUP_NOT_HOSTED", detail: "no such group" } }),
    getCatalog: async () => ({ notLeader: { leaderNode: "az-b", leaderAddress: "b:1" } }),
    proposeCatalog: async () => {
      throw new Error("boom");
    },
    watchRouting: () => () => undefined,
  };

  it("hand over requests and answers through the wire encoding", async () => {
    const caller = inProcessGatewayApiCaller("a:1", () => handler, realTimer);
    const res = await caller.append({ groupId: "7", records: [{ data: Buffer.from("xyz"), partitionKey: "k" }] }, 1_000);
    expect(res.result).toBe("ok");
    expect(res.ok).toEqual({ sequenceNumbers: ["k:3"], index: 7, arrivalMs: 5 });
    const seek = await caller.seek({ groupId: 1, timestampMs: 0 }, 1_000);
    expect(seek.failure).toEqual({ code: "GROUP_NOT_HOSTED", detail: "no such group", current: 0, limit: 0, limitLow: 0, rule: "" });
    expect((await caller.getCatalog({}, 1_000)).notLeader?.leaderNode).toBe("az-b");
  });

  it("fail as unreachable when the node is down, past their deadline, and as failed when the handler breaks", async () => {
    const down = inProcessGatewayApiCaller("a:1", () => undefined, realTimer);
    await expect(down.append({ groupId: 1, records: [] }, 1_000)).rejects.toSatisfy((e: CallError) => e instanceof CallError && e.neverSent);
    const slow = inProcessGatewayApiCaller("a:1", () => handler, realTimer);
    await expect(slow.read({ groupId: 1 }, 20)).rejects.toSatisfy((e: CallError) => e.kind === "deadline" && !e.neverSent);
    await expect(slow.proposeCatalog({}, 1_000)).rejects.toSatisfy((e: CallError) => e.kind === "failed");
  });
});
