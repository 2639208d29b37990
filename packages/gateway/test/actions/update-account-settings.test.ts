/**
 * UpdateAccountSettings: the minimum throughput billing commitment, enabled
 * for at least 24 hours; disabled before then it runs until its earliest end
 * (unless enabled again), and after it, it ends at once.
 */
import { DescribeAccountSettingsCommand, UpdateAccountSettingsCommand } from "@aws-sdk/client-kinesis";
import type { MinimumThroughputBillingCommitmentInputStatus } from "@aws-sdk/client-kinesis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Harness } from "../harness.js";
import { specBlocks } from "../spec.js";
import { expectError, external, startHarness } from "../harness.js";

let h: Harness;
beforeAll(async () => (h = await startHarness()), 120_000);
afterAll(() => h?.stop());

const DAY = 24 * 60 * 60_000;
const update = (Status: MinimumThroughputBillingCommitmentInputStatus) => h.kinesis.send(new UpdateAccountSettingsCommand({ MinimumThroughputBillingCommitment: { Status } }));
const describeNow = async () => (await h.kinesis.send(new DescribeAccountSettingsCommand({}))).MinimumThroughputBillingCommitment;

specBlocks("UpdateAccountSettings", () => h);

describe("UpdateAccountSettings: functionality", () => {
  it.skipIf(external)("enables a commitment for at least a day, keeps it until then when disabled early, and lets enabling cancel that", async () => {
    const enabled = (await update("ENABLED")).MinimumThroughputBillingCommitment;
    expect(enabled?.Status).toBe("ENABLED");
    const started = enabled?.StartedAt?.getTime() ?? 0;
    expect(Math.abs(started - Date.now())).toBeLessThan(60_000);
    expect(enabled?.EarliestAllowedEndAt?.getTime()).toBe(started + DAY);
    const early = (await update("DISABLED")).MinimumThroughputBillingCommitment;
    expect(early?.Status).toBe("ENABLED_UNTIL_EARLIEST_ALLOWED_END");
    expect((await update("ENABLED")).MinimumThroughputBillingCommitment?.Status).toBe("ENABLED"); // the pending end cancelled
    expect((await update("DISABLED")).MinimumThroughputBillingCommitment?.Status).toBe("ENABLED_UNTIL_EARLIEST_ALLOWED_END");
    // A day later it has ended on its own, at its earliest end.
    h.clockOffset.ms = DAY + 1_000;
    try {
      const later = await describeNow();
      expect(later?.Status).toBe("DISABLED");
      expect(later?.EndedAt?.getTime()).toBe(started + DAY);
      // Enabled again and disabled after a further day: it ends at once.
      await update("ENABLED");
      h.clockOffset.ms = 2 * DAY + 5_000;
      const ended = (await update("DISABLED")).MinimumThroughputBillingCommitment;
      expect(ended?.Status).toBe("DISABLED");
      expect(ended?.EndedAt).toBeDefined();
    } finally {
      h.clockOffset.ms = 0;
    }
  });

  it("refuses a missing commitment or an unknown status", async () => {
    await expectError(h.kinesis.send(new UpdateAccountSettingsCommand({} as never)), "ValidationException", /Value null at 'minimumThroughputBillingCommitment' failed to satisfy constraint: Member must not be null/);
    await expectError(update("MAYBE" as MinimumThroughputBillingCommitmentInputStatus), "ValidationException", /Member must satisfy enum value set: \[ENABLED, DISABLED\]/);
  });
});
