/** GetResourcePolicy: "{}" for a resource without a policy; not-found for a resource that does not exist. (PutResourcePolicy's test covers the rest.) */
import { GetResourcePolicyCommand } from "@aws-sdk/client-kinesis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Harness } from "../harness.js";
import { specBlocks } from "../spec.js";
import { expectError, startWithMainStream, streamArnOf } from "../harness.js";

let h: Harness;
beforeAll(async () => (h = await startWithMainStream()), 120_000);
afterAll(() => h?.stop());

specBlocks("GetResourcePolicy", () => h);

describe("GetResourcePolicy: functionality", () => {
  it("answers {} for a stream without a policy, and refuses an unknown stream or a malformed ARN", async () => {
    const arn = await streamArnOf(h, "main");
    expect((await h.kinesis.send(new GetResourcePolicyCommand({ ResourceARN: arn }))).Policy).toBe("{}");
    await expectError(h.kinesis.send(new GetResourcePolicyCommand({ ResourceARN: arn.replace("main", "absent") })), "ResourceNotFoundException");
    await expectError(h.kinesis.send(new GetResourcePolicyCommand({ ResourceARN: "arn:aws:kinesis:us-east-1:000000000000:stream" })), "ValidationException");
  });
});
