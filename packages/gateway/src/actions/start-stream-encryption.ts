import { invalidArgument } from "../errors.js";
import type { StreamView } from "../catalog-view.js";
import { streamNameOf } from "../streams.js";
import type { ActionContext, Input } from "./context.js";
import { proposeOrThrow } from "./context.js";

/**
 * Encrypts the stream's new records at rest with a key of the nodes' keyring
 * (the KeyId as AWS takes it: key id, alias/NAME, either's ARN, or
 * alias/aws/kinesis). The node that takes the proposal resolves the key and
 * wraps a new data key with it; the stream is UPDATING until the meta
 * leader's next round, and records already stored stay as they are.
 */
export async function startStreamEncryption(ctx: ActionContext, input: Input): Promise<unknown> {
  const name = streamNameOf(input);
  if (input.EncryptionType !== "KMS") throw invalidArgument(`Encryption type ${input.EncryptionType} is not supported for StartStreamEncryption. The only valid value is KMS.`);
  await proposeOrThrow(ctx, { startStreamEncryption: { name, keyId: input.KeyId, nowMs: ctx.now() } }, { stream: name, keyId: input.KeyId });
  return {};
}

/** A stream's encryption as DescribeStream and DescribeStreamSummary show it. */
export function encryptionOf(stream: StreamView): { EncryptionType: "KMS" | "NONE"; KeyId?: string } {
  return stream.keyId !== "" ? { EncryptionType: "KMS", KeyId: stream.keyId } : { EncryptionType: "NONE" };
}
