/** DescribeAccountSettings: a new account has no billing commitment. (UpdateAccountSettings' test follows one through its life.) */
import { DescribeAccountSettingsCommand } from "@aws-sdk/client-kinesis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Harness } from "../harness.js";
import { specBlocks } from "../spec.js";
import { startHarness } from "../harness.js";

let h: Harness;
beforeAll(async () => (h = await startHarness()), 120_000);
afterAll(() => h?.stop());

specBlocks("DescribeAccountSettings", () => h);

describe("DescribeAccountSettings: functionality", () => {
  it("shows no commitment on a new cluster", async () => {
    const res = await h.kinesis.send(new DescribeAccountSettingsCommand({}));
    expect(res.MinimumThroughputBillingCommitment).toEqual({ Status: "DISABLED" });
  });
});
