import type { ActionContext, Input } from "./context.js";
import { resourceOfArn } from "./resource-policies.js";

/** The policy document of a stream or a consumer ("{}" when it has none, as AWS answers). */
export async function getResourcePolicy(ctx: ActionContext, input: Input): Promise<unknown> {
  const { stream, consumer } = resourceOfArn(await ctx.cluster.freshCatalog(), input.ResourceARN);
  const policy = consumer ? consumer.resourcePolicy : stream.resourcePolicy;
  return { Policy: policy === "" ? "{}" : policy };
}
