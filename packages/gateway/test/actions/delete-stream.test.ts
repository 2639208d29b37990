/** DeleteStream: DELETING, then gone. */
import { CreateStreamCommand, DeleteStreamCommand, DescribeStreamCommand, ListStreamsCommand } from "@aws-sdk/client-kinesis";
import { afterAll, beforeAll, describe, it } from "vitest";
import type { Harness } from "../harness.js";
import { specBlocks } from "../spec.js";
import { expectError, registerActiveConsumer, startWithMainStream, waitActive, waitFor } from "../harness.js";

let h: Harness;
beforeAll(async () => (h = await startWithMainStream()), 120_000);
afterAll(() => h?.stop());

specBlocks("DeleteStream", () => h);

describe("DeleteStream: functionality", () => {
  it("deletes a stream, after which it is not found", async () => {
    await h.kinesis.send(new CreateStreamCommand({ StreamName: "doomed", ShardCount: 1 }));
    await waitActive(h, "doomed");
    await h.kinesis.send(new DeleteStreamCommand({ StreamName: "doomed", EnforceConsumerDeletion: true }));
    await waitFor("doomed to disappear", async () => !(await h.kinesis.send(new ListStreamsCommand({}))).StreamNames?.includes("doomed"), 30_000, 100);
    await expectError(h.kinesis.send(new DescribeStreamCommand({ StreamName: "doomed" })), "ResourceNotFoundException", "Stream doomed under account 000000000000 not found.");
    await expectError(h.kinesis.send(new DeleteStreamCommand({ StreamName: "doomed" })), "ResourceNotFoundException", "Stream doomed under account 000000000000 not found.");
  });

  it("refuses to delete a stream with consumers unless EnforceConsumerDeletion is set", async () => {
    await h.kinesis.send(new CreateStreamCommand({ StreamName: "consumed", ShardCount: 1 }));
    await waitActive(h, "consumed");
    await registerActiveConsumer(h, "consumed", "app");
    await expectError(h.kinesis.send(new DeleteStreamCommand({ StreamName: "consumed" })), "ResourceInUseException", /because there are consumers associated with this data stream.*EnforceConsumerDeletion/);
    await h.kinesis.send(new DeleteStreamCommand({ StreamName: "consumed", EnforceConsumerDeletion: true }));
    await waitFor("consumed to disappear", async () => !(await h.kinesis.send(new ListStreamsCommand({}))).StreamNames?.includes("consumed"), 30_000, 100);
  });
});
