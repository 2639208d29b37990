/** DescribeLimits: the account's shard limit and what is open. */
import { DescribeLimitsCommand } from "@aws-sdk/client-kinesis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Harness } from "../harness.js";
import { specBlocks } from "../spec.js";
import { startWithMainStream } from "../harness.js";

let h: Harness;
beforeAll(async () => (h = await startWithMainStream()), 120_000);
afterAll(() => h?.stop());

specBlocks("DescribeLimits", () => h);

describe("DescribeLimits: functionality", () => {
  it("tells the shard limit, the open shards and the on-demand streams", async () => {
    const l = await h.kinesis.send(new DescribeLimitsCommand({}));
    expect(l.ShardLimit).toBe(1000);
    expect(l.OpenShardCount).toBe(3);
    expect(l.OnDemandStreamCount).toBe(0);
    expect(l.OnDemandStreamCountLimit).toBeGreaterThan(0);
  });
});
