/** DeleteResourcePolicy: removes a policy (and takes a resource that has none); not-found for a resource that does not exist. */
import { DeleteResourcePolicyCommand, GetResourcePolicyCommand, PutResourcePolicyCommand } from "@aws-sdk/client-kinesis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Harness } from "../harness.js";
import { specBlocks } from "../spec.js";
import { expectError, startWithMainStream, streamArnOf } from "../harness.js";

let h: Harness;
beforeAll(async () => (h = await startWithMainStream()), 120_000);
afterAll(() => h?.stop());

specBlocks("DeleteResourcePolicy", () => h);

describe("DeleteResourcePolicy: functionality", () => {
  it("removes a policy, takes a resource without one, and refuses an unknown stream", async () => {
    const arn = await streamArnOf(h, "main");
    const policy = JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Principal: { AWS: "000000000000" }, Action: "kinesis:*", Resource: arn }] });
    await h.kinesis.send(new PutResourcePolicyCommand({ ResourceARN: arn, Policy: policy }));
    await h.kinesis.send(new DeleteResourcePolicyCommand({ ResourceARN: arn }));
    expect((await h.kinesis.send(new GetResourcePolicyCommand({ ResourceARN: arn }))).Policy).toBe("{}");
    await h.kinesis.send(new DeleteResourcePolicyCommand({ ResourceARN: arn }));
    await expectError(h.kinesis.send(new DeleteResourcePolicyCommand({ ResourceARN: arn.replace("main", "absent") })), "ResourceNotFoundException");
  });
});
