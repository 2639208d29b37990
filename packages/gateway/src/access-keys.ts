/**
 * Where the gateway's access keys come from: a JSON file, a flag or
 * environment variable, or (with neither) a pair made at start and printed,
 * so a local cluster needs no setup and is still never open by accident.
 *
 * The file: {"keys": [{"accessKeyId": "...", "secretAccessKey": "...",
 * "allow": ["GetRecords", "Describe*"]}]} ("allow" is optional: all
 * operations). The flag: "ID:SECRET,ID2:SECRET2".
 */
import { randomBytes } from "node:crypto";
import type { AccessKey } from "./signature.js";

/** An access key id is letters, digits and underscores (AWS's are 16–128 of them; shorter ones are allowed for local use); a secret is not empty. */
const ACCESS_KEY_ID = /^\w{1,128}$/;

export function parseKeysFile(text: string, source: string): AccessKey[] {
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (err) {
    throw new Error(`${source}: not JSON (${(err as Error).message})`);
  }
  const keys = (doc as { keys?: unknown } | null)?.keys;
  if (!Array.isArray(keys) || keys.length === 0) throw new Error(`${source}: expected {"keys": [{"accessKeyId": ..., "secretAccessKey": ...}, ...]} with at least one key`);
  return keys.map((k: unknown, i) => {
    const { accessKeyId, secretAccessKey, allow } = (k ?? {}) as Record<string, unknown>;
    if (typeof accessKeyId !== "string" || typeof secretAccessKey !== "string") throw new Error(`${source}: keys[${i}] needs string accessKeyId and secretAccessKey`);
    if (allow !== undefined && !(Array.isArray(allow) && allow.every((a) => typeof a === "string"))) throw new Error(`${source}: keys[${i}].allow must be a list of operation names or patterns`);
    return checked({ accessKeyId, secretAccessKey, ...(allow ? { allow: allow as string[] } : {}) }, `${source}: keys[${i}]`);
  });
}

export function parseKeysFlag(text: string, source: string): AccessKey[] {
  const keys = text.split(",").map((pair) => pair.trim()).filter(Boolean).map((pair) => {
    const colon = pair.indexOf(":");
    if (colon < 0) throw new Error(`${source}: expected ID:SECRET pairs separated by commas`);
    return checked({ accessKeyId: pair.slice(0, colon), secretAccessKey: pair.slice(colon + 1) }, source);
  });
  if (keys.length === 0) throw new Error(`${source}: no keys given`);
  return keys;
}

/** A fresh key pair in AWS's shapes (for a gateway started with no keys). */
export function generateKey(): AccessKey {
  const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
  const id = Array.from(randomBytes(16), (b) => alphabet[b % 32]).join("");
  return { accessKeyId: `AKIA${id}`, secretAccessKey: randomBytes(30).toString("base64") };
}

function checked(key: AccessKey, source: string): AccessKey {
  if (!ACCESS_KEY_ID.test(key.accessKeyId)) throw new Error(`${source}: an access key id is 1 to 128 letters, digits or underscores, got ${JSON.stringify(key.accessKeyId)}`);
  if (key.secretAccessKey === "") throw new Error(`${source}: a secret access key cannot be empty`);
  return key;
}
