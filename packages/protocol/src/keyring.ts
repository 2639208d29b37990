/**
 * The keyring: the master keys that wrap streams' data keys for encryption
 * at rest, one JSON file that every node of a cluster loads (`--keyring`).
 * It stands where AWS has KMS: a StartStreamEncryption KeyId names one of its
 * keys by id, by alias, or by either's ARN; `alias/aws/kinesis` is the key a
 * new keyring is made with.
 *
 *   { "keys": [ { "id": "<uuid>", "aliases": ["alias/aws/kinesis"],
 *                 "material": "<32 bytes, base64>", "enabled": true, "created": "<ISO time>" } ] }
 *
 * The operator makes it (`tributary keyring FILE`), adds keys to it
 * (`--add-key [--alias alias/NAME]`) and disables one by editing "enabled";
 * a key must stay in the file for as long as records it protects are kept.
 */
import { randomBytes, randomUUID } from "node:crypto";
import { closeSync, copyFileSync, existsSync, fsyncSync, linkSync, openSync, readFileSync, renameSync, rmSync, writeSync } from "node:fs";

export const defaultKeyAlias = "alias/aws/kinesis";

export interface MasterKey {
  readonly id: string;
  readonly aliases: readonly string[];
  /** 32 bytes: an AES-256 key. */
  readonly material: Buffer;
  readonly enabled: boolean;
  readonly created: string;
}

export class KeyringError extends Error {}

const KEY_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const ALIAS = /^alias\/[a-zA-Z0-9/_-]{1,250}$/;
const KEY_ARN = /^arn:aws[a-z-]*:kms:[a-z0-9-]+:\d{12}:(key\/[0-9a-f-]{36}|alias\/[a-zA-Z0-9/_-]{1,250})$/;

export class Keyring {
  private constructor(readonly keys: readonly MasterKey[]) {}

  static empty(): Keyring {
    return new Keyring([]);
  }

  /** A keyring of one key under `alias/aws/kinesis` (tests and in-process clusters). */
  static generate(): Keyring {
    return new Keyring([newMasterKey([defaultKeyAlias])]);
  }

  static parse(text: string, source = "keyring"): Keyring {
    let doc: unknown;
    try {
      doc = JSON.parse(text);
    } catch (err) {
      throw new KeyringError(`${source}: not JSON (${(err as Error).message})`);
    }
    const keys = (doc as { keys?: unknown })?.keys;
    if (!Array.isArray(keys)) throw new KeyringError(`${source}: no "keys" list`);
    const seen = new Set<string>();
    const parsed = keys.map((k: Record<string, unknown>, i): MasterKey => {
      const where = `${source}: key ${i + 1}`;
      if (typeof k?.id !== "string" || !KEY_ID.test(k.id)) throw new KeyringError(`${where}: "id" is not a key id (a lower-case UUID)`);
      const aliases = k.aliases ?? [];
      if (!Array.isArray(aliases) || !aliases.every((a) => typeof a === "string" && ALIAS.test(a))) throw new KeyringError(`${where}: "aliases" must be names of the form alias/NAME`);
      for (const name of [k.id, ...(aliases as string[])]) {
        if (seen.has(name)) throw new KeyringError(`${where}: ${name} names two keys`);
        seen.add(name);
      }
      const material = typeof k.material === "string" ? Buffer.from(k.material, "base64") : Buffer.alloc(0);
      if (material.byteLength !== 32) throw new KeyringError(`${where}: "material" must be 32 bytes in base64`);
      return { id: k.id, aliases: aliases as string[], material, enabled: k.enabled !== false, created: typeof k.created === "string" ? k.created : "" };
    });
    return new Keyring(parsed);
  }

  static load(path: string): Keyring {
    let text: string;
    try {
      text = readFileSync(path, "utf8");
    } catch (err) {
      throw new KeyringError(`cannot read the keyring ${path}: ${(err as Error).message}`);
    }
    return Keyring.parse(text, path);
  }

  toJson(): string {
    const keys = this.keys.map((k) => ({ id: k.id, aliases: k.aliases, material: k.material.toString("base64"), enabled: k.enabled, created: k.created }));
    return `${JSON.stringify({ keys }, null, 2)}\n`;
  }

  /** This keyring with one more key (under `alias`, if given). */
  withNewKey(alias?: string): Keyring {
    if (alias !== undefined && !ALIAS.test(alias)) throw new KeyringError(`${alias} is not an alias (alias/NAME)`);
    if (alias !== undefined && this.keys.some((k) => k.aliases.includes(alias))) throw new KeyringError(`${alias} names a key already`);
    return new Keyring([...this.keys, newMasterKey(alias ? [alias] : [])]);
  }

  /** The key a KeyId names (key id, alias/NAME, or the ARN of either), or undefined. */
  resolve(keyId: string): MasterKey | undefined {
    const resource = KEY_ARN.exec(keyId)?.[1];
    const name = resource === undefined ? keyId : resource.startsWith("key/") ? resource.slice(4) : resource;
    return this.keys.find((k) => k.id === name || k.aliases.includes(name));
  }

  byId(id: string): MasterKey | undefined {
    return this.keys.find((k) => k.id === id);
  }
}

function newMasterKey(aliases: string[]): MasterKey {
  return { id: randomUUID(), aliases, material: randomBytes(32), enabled: true, created: new Date().toISOString() };
}

/**
 * Puts `text` at `path` whole or not at all, readable by its owner only: it is
 * written and fsynced aside, then renamed over the file (`replace`) or linked
 * into place, which fails if a file is there already. A crash or a full disk
 * leaves the old file, never a part of the new one.
 */
function writeWhole(path: string, text: string, replace: boolean): void {
  const aside = `${path}.writing-${process.pid}-${randomBytes(4).toString("hex")}`;
  const fd = openSync(aside, "wx", 0o600);
  try {
    writeSync(fd, text);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  try {
    if (replace) renameSync(aside, path);
    else linkSync(aside, path);
  } finally {
    rmSync(aside, { force: true });
  }
}

/**
 * Writes a keyring file; refuses to replace one unless told to, and then keeps
 * the one it replaces as FILE.bak. One writer at a time: two editing at once
 * would each keep only their own change.
 */
export function writeKeyring(path: string, keyring: Keyring, replace = false): void {
  if (!replace && existsSync(path)) throw new KeyringError(`${path} exists`);
  if (replace && existsSync(path)) copyFileSync(path, `${path}.bak`);
  writeWhole(path, keyring.toJson(), replace);
}

/**
 * The keyring at `path`, made (with one key under alias/aws/kinesis) if there
 * is none. Processes racing to make it share one: the first link wins.
 */
export function ensureKeyring(path: string): Keyring {
  if (existsSync(path)) return Keyring.load(path);
  try {
    writeWhole(path, Keyring.generate().toJson(), false);
  } catch (err) {
    if (!existsSync(path)) throw err;
  }
  return Keyring.load(path);
}
