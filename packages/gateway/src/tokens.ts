/**
 * Shard iterators and NextTokens: opaque, expiring, and signed (HMAC-SHA256)
 * with the cluster's secret from the catalog, so any gateway accepts what
 * another issued and a tampered or foreign token is refused. After the
 * operator rotates the secret, tokens the previous one signed are accepted
 * until they expire.
 */
import { createHmac, timingSafeEqual } from "node:crypto";

export interface IteratorPosition {
  stream: string;
  shardId: string;
  groupId: number;
  streamCreatedMs: number;
  index: number;
  offset: number;
}

export type TokenKind = "iterator" | "list-shards" | "list-streams" | "list-consumers";

function sign(secret: string, kind: string, payload: string): string {
  return createHmac("sha256", secret).update(`${kind}|${payload}`).digest("base64url").slice(0, 32);
}

export function encodeToken(secret: string, kind: TokenKind, body: unknown, issuedMs: number): string {
  const payload = Buffer.from(JSON.stringify({ b: body, t: issuedMs })).toString("base64url");
  return `${payload}.${sign(secret, kind, payload)}`;
}

export type TokenCheck<T> = { ok: true; body: T; issuedMs: number } | { ok: false; reason: "invalid" | "expired" };

/** The secrets a token may be signed with: the current one, and the one a rotation replaced (at `rotatedMs`; "": none). */
export interface TokenSecrets {
  readonly current: string;
  readonly previous: string;
  readonly rotatedMs: number;
}

/**
 * Checks a token. One signed with the previous secret counts only if it was
 * issued before the rotation: whoever still holds that secret cannot mint
 * tokens that outlive the rotation by more than a token's lifetime.
 */
export function decodeToken<T>(secrets: TokenSecrets, kind: TokenKind, token: string, lifetimeMs: number, nowMs: number): TokenCheck<T> {
  const dot = token.lastIndexOf(".");
  if (dot <= 0) return { ok: false, reason: "invalid" };
  const payload = token.slice(0, dot);
  const given = Buffer.from(token.slice(dot + 1));
  const signedBy = (secret: string) => {
    const expected = Buffer.from(sign(secret, kind, payload));
    return secret !== "" && expected.byteLength === given.byteLength && timingSafeEqual(expected, given);
  };
  const byCurrent = signedBy(secrets.current);
  if (!byCurrent && !signedBy(secrets.previous)) return { ok: false, reason: "invalid" };
  let parsed: { b: T; t: number };
  try {
    parsed = JSON.parse(Buffer.from(payload, "base64url").toString("utf8")) as { b: T; t: number };
  } catch {
    return { ok: false, reason: "invalid" };
  }
  if (typeof parsed?.t !== "number" || (!byCurrent && parsed.t > secrets.rotatedMs)) return { ok: false, reason: "invalid" };
  if (nowMs - parsed.t > lifetimeMs) return { ok: false, reason: "expired" };
  return { ok: true, body: parsed.b, issuedMs: parsed.t };
}
