/** DeleteStream: DELETING, then gone. */
import { CreateStreamCommand, DeleteStreamCommand, DescribeStreamCommand, ListStreamsCommand } from "@aws-sdk/client-kinesis";
import { afterAll, beforeAll, describe, it } from "vitest";
import type { Harness } from "../harness.js";
import { expectError, startWithMainStream, waitActive, waitFor } from "../harness.js";

let h: Harness;
beforeAll(async () => (h = await startWithMainStream()), 120_000);
afterAll(() => h?.stop());

describe("DeleteStream", () => {
  it("deletes a stream, after which it is not found", async () => {
    await h.kinesis.send(new CreateStreamCommand({ StreamName: "doomed", ShardCount: 1 }));
    await waitActive(h, "doomed");
    await h.kinesis.send(new DeleteStreamCommand({ StreamName: "doomed", EnforceConsumerDeletion: true }));
    await waitFor("doomed to disappear", async () => !(await h.kinesis.send(new ListStreamsCommand({}))).StreamNames?.includes("doomed"), 30_000, 100);
    await expectError(h.kinesis.send(new DescribeStreamCommand({ StreamName: "doomed" })), "ResourceNotFoundException", "Stream doomed under account 000000000000 not found.");
    await expectError(h.kinesis.send(new DeleteStreamCommand({ StreamName: "doomed" })), "ResourceNotFoundException", "Stream doomed under account 000000000000 not found.");
  });
});
