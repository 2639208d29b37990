import { streamNameOf } from "../streams.js";
import type { ActionContext, Input } from "./context.js";
import { proposeOrThrow } from "./context.js";

/** Raises (or lowers) the largest record a stream accepts: 1024–10240 KiB. */
export async function updateMaxRecordSize(ctx: ActionContext, input: Input): Promise<unknown> {
  const name = streamNameOf(input);
  await proposeOrThrow(ctx, { setMaxRecordSize: { name, kib: input.MaxRecordSizeInKiB } }, { stream: name });
  return {};
}
