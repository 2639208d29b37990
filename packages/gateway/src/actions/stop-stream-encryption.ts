import { invalidArgument } from "../errors.js";
import { streamNameOf } from "../streams.js";
import type { ActionContext, Input } from "./context.js";
import { proposeOrThrow } from "./context.js";

/**
 * Stores the stream's new records in the clear again. Records stored
 * encrypted stay so, and still read back: the stream keeps its data keys.
 */
export async function stopStreamEncryption(ctx: ActionContext, input: Input): Promise<unknown> {
  const name = streamNameOf(input);
  if (input.EncryptionType !== "KMS") throw invalidArgument(`Encryption type ${input.EncryptionType} is not supported for StopStreamEncryption. The only valid value is KMS.`);
  await proposeOrThrow(ctx, { stopStreamEncryption: { name, nowMs: ctx.now() } }, { stream: name, keyId: input.KeyId });
  return {};
}
