import { streamNameOf } from "../streams.js";
import type { ActionContext, Input } from "./context.js";
import { orThrow } from "./context.js";

export async function deleteStream(ctx: ActionContext, input: Input): Promise<unknown> {
  orThrow(await ctx.cluster.propose({ type: "DeleteStream", name: streamNameOf(input), enforceConsumerDeletion: input.EnforceConsumerDeletion ?? false }));
  return {};
}
