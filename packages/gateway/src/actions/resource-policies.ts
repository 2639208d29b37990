/** What Put/Get/DeleteResourcePolicy share: the stream or consumer a ResourceARN names. */
import type { CatalogView, StreamView } from "../catalog-view.js";
import { invalidArgument } from "../errors.js";
import type { ConsumerView } from "../consumers.js";
import { findConsumer, parseConsumerArn, streamOfArn } from "../consumers.js";

export function resourceOfArn(catalog: CatalogView, arn: string): { stream: StreamView; consumer: ConsumerView | undefined } {
  if (parseConsumerArn(arn)) return findConsumer(catalog, { ConsumerARN: arn });
  if (!/:stream\/[^/]+$/.test(arn)) throw invalidArgument(`${arn} is neither a stream ARN nor a consumer ARN`);
  return { stream: streamOfArn(catalog, arn), consumer: undefined };
}
