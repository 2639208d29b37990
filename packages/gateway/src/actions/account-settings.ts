/**
 * What DescribeAccountSettings and UpdateAccountSettings share: the minimum
 * throughput billing commitment as the API shows it. A commitment lasts at
 * least 24 hours; disabled before then, it shows
 * ENABLED_UNTIL_EARLIEST_ALLOWED_END and ends at that time on its own
 * (unless enabled again first). Nothing is billed here: the setting is kept
 * and shown, as an account's setting is.
 */
import type { CatalogView } from "../catalog-view.js";

export function billingCommitmentOutput(catalog: CatalogView, nowMs: number): Record<string, unknown> {
  const b = catalog.billingCommitment;
  const started = Number(b?.startedMs ?? 0);
  const earliest = Number(b?.earliestEndMs ?? 0);
  const ended = Number(b?.endedMs ?? 0);
  const times = (t: Record<string, number>) => Object.fromEntries(Object.entries(t).filter(([, v]) => v > 0).map(([k, v]) => [k, new Date(v)]));
  if (b?.enabled && b.disableRequested && nowMs >= earliest) return { Status: "DISABLED", ...times({ StartedAt: started, EndedAt: earliest }) };
  if (b?.enabled) return { Status: b.disableRequested ? "ENABLED_UNTIL_EARLIEST_ALLOWED_END" : "ENABLED", ...times({ StartedAt: started, EarliestAllowedEndAt: earliest }) };
  return { Status: "DISABLED", ...times({ StartedAt: started, EndedAt: ended }) };
}
