import { streamNameOf } from "../streams.js";
import type { ActionContext, Input } from "./context.js";
import { proposeOrThrow } from "./context.js";

export async function deleteStream(ctx: ActionContext, input: Input): Promise<unknown> {
  const name = streamNameOf(input);
  await proposeOrThrow(ctx, { deleteStream: { name, enforceConsumerDeletion: input.EnforceConsumerDeletion ?? false } }, { stream: name });
  return {};
}
