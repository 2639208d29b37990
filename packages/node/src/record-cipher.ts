/**
 * Encryption at rest (envelope encryption, as AWS does with KMS): each
 * encrypted stream has data keys, random AES-256 keys kept in the catalog
 * only wrapped by a master key of the nodes' keyring; a shard leader seals
 * each entry's records with the stream's current data key before proposing
 * it, so the log, the store and every replica hold only ciphertext, and any
 * replica opens them again to serve a read. Both steps are AES-256-GCM: a
 * data key is wrapped under a random 96-bit nonce (a handful per master key);
 * an entry is sealed under a key and nonce of its own, derived from the data
 * key and a random 128-bit salt (HKDF-SHA256), so no bound on the number of
 * random GCM nonces ever applies to a stream's data key, however many
 * entries its shards write (proto/storage.proto EncryptedRecords, catalog
 * DataKey). The entry's arrival time and record count and bytes, kept in the
 * clear so replicas apply it without the key, are authenticated with it.
 */
import { createCipheriv, createDecipheriv, hkdfSync } from "node:crypto";
import type { Failure, Keyring, MasterKey } from "@tributary/protocol";

/** A stream's data key as the catalog keeps it. */
export interface DataKeyRecord {
  readonly number: number;
  readonly masterKeyId: string;
  readonly wrapped: Uint8Array;
}

export interface Sealed {
  readonly dataKey: number;
  readonly salt: Uint8Array;
  readonly ciphertext: Uint8Array;
}

/** What an entry keeps in the clear beside its sealed records, authenticated with them. */
export interface EntryHeader {
  readonly arrivalMs: number;
  readonly recordCount: number;
  readonly recordBytes: number;
}

const NONCE_BYTES = 12;
const SALT_BYTES = 16;
const TAG_BYTES = 16;

/** Why a key cannot be used, as a node failure (the gateway words it as AWS's KMS errors). */
export class KeyUnavailableError extends Error {
  constructor(readonly failure: Failure) {
    super(failure.detail ?? "");
  }
}

function gcmSeal(key: Uint8Array, nonce: Uint8Array, plain: Uint8Array, aad: Uint8Array): Uint8Array {
  const c = createCipheriv("aes-256-gcm", key, nonce);
  c.setAAD(aad);
  return Buffer.concat([c.update(plain), c.final(), c.getAuthTag()]);
}

/** The plaintext, or undefined when the key, nonce or data do not match (the tag fails). */
function gcmOpen(key: Uint8Array, nonce: Uint8Array, sealed: Uint8Array, aad: Uint8Array): Buffer | undefined {
  if (sealed.byteLength < TAG_BYTES || nonce.byteLength !== NONCE_BYTES) return undefined;
  const d = createDecipheriv("aes-256-gcm", key, nonce);
  d.setAAD(aad);
  d.setAuthTag(sealed.subarray(sealed.byteLength - TAG_BYTES));
  try {
    return Buffer.concat([d.update(sealed.subarray(0, sealed.byteLength - TAG_BYTES)), d.final()]);
  } catch {
    return undefined;
  }
}

const wrapAad = (masterKeyId: string) => Buffer.from(`tributary data key/${masterKeyId}`);

/** An entry's own key and nonce: HKDF-SHA256 of the data key, the entry's salt, its group and data key number. */
function entryKey(dataKey: Uint8Array, salt: Uint8Array, groupId: number, dataKeyNumber: number): { key: Uint8Array; nonce: Uint8Array } {
  const info = Buffer.alloc(15 + 12);
  info.write("tributary entry", 0, "latin1");
  info.writeBigUInt64BE(BigInt(groupId), 15);
  info.writeUInt32BE(dataKeyNumber, 23);
  const okm = Buffer.from(hkdfSync("sha256", dataKey, salt, info, 32 + NONCE_BYTES));
  return { key: okm.subarray(0, 32), nonce: okm.subarray(32) };
}

function entryAad(h: EntryHeader): Uint8Array {
  const aad = Buffer.alloc(20);
  aad.writeBigUInt64BE(BigInt(h.arrivalMs), 0);
  aad.writeUInt32BE(h.recordCount, 8);
  aad.writeBigUInt64BE(BigInt(h.recordBytes), 12);
  return aad;
}

export class RecordCipher {
  /**
   * Unwrapped data keys, by the catalog's record of each (records never
   * change; a catalog replaced by a snapshot brings new ones, and the old
   * ones' entries go with them): as many as the catalog holds.
   */
  private readonly unwrapped = new WeakMap<DataKeyRecord, Uint8Array>();

  constructor(
    private readonly keyring: Keyring,
    private readonly randomBytes: (count: number) => Uint8Array,
  ) {}

  /** The master key a client's KeyId names, usable; or the failure AWS's KMS would give. */
  masterKey(keyId: string): MasterKey {
    const key = this.keyring.resolve(keyId);
    if (!key) throw new KeyUnavailableError({ code: "KMS_NOT_FOUND", detail: `${keyId} is not a key of this node's keyring` });
    if (!key.enabled) throw new KeyUnavailableError({ code: "KMS_DISABLED", detail: `key ${key.id} is disabled` });
    return key;
  }

  /** A new random data key, wrapped by `master`. */
  newDataKey(master: MasterKey): Uint8Array {
    const nonce = this.randomBytes(NONCE_BYTES);
    return Buffer.concat([nonce, gcmSeal(master.material, nonce, this.randomBytes(32), wrapAad(master.id))]);
  }

  /** The data key in the clear; fails when its master key is missing, disabled or does not open it. */
  dataKey(dk: DataKeyRecord): Uint8Array {
    const cached = this.unwrapped.get(dk);
    if (cached) return cached;
    const master = this.keyring.byId(dk.masterKeyId);
    if (!master) throw new KeyUnavailableError({ code: "KMS_ACCESS_DENIED", detail: `master key ${dk.masterKeyId} is not in this node's keyring` });
    if (!master.enabled) throw new KeyUnavailableError({ code: "KMS_DISABLED", detail: `master key ${dk.masterKeyId} is disabled` });
    const key = gcmOpen(master.material, dk.wrapped.subarray(0, NONCE_BYTES), dk.wrapped.subarray(NONCE_BYTES), wrapAad(dk.masterKeyId));
    if (!key || key.byteLength !== 32) throw new KeyUnavailableError({ code: "KMS_ACCESS_DENIED", detail: `master key ${dk.masterKeyId} does not open data key ${dk.number}` });
    this.unwrapped.set(dk, key);
    return key;
  }

  /** Seals an entry's encoded records for shard group `groupId`, binding the header kept beside them. */
  seal(groupId: number, dk: DataKeyRecord, plain: Uint8Array, header: EntryHeader): Sealed {
    const salt = this.randomBytes(SALT_BYTES);
    const { key, nonce } = entryKey(this.dataKey(dk), salt, groupId, dk.number);
    return { dataKey: dk.number, salt, ciphertext: gcmSeal(key, nonce, plain, entryAad(header)) };
  }

  /** Opens what `seal` made; fails when the data key is unknown or unusable, or the ciphertext or its header was altered. */
  open(groupId: number, keys: readonly DataKeyRecord[], sealed: Sealed, header: EntryHeader): Uint8Array {
    const dk = keys.find((k) => k.number === sealed.dataKey);
    if (!dk) throw new KeyUnavailableError({ code: "KMS_ACCESS_DENIED", detail: `data key ${sealed.dataKey} is not in the catalog` });
    const { key, nonce } = entryKey(this.dataKey(dk), sealed.salt, groupId, dk.number);
    const plain = sealed.salt.byteLength === SALT_BYTES ? gcmOpen(key, nonce, sealed.ciphertext, entryAad(header)) : undefined;
    if (!plain) throw new KeyUnavailableError({ code: "KMS_ACCESS_DENIED", detail: `an entry of group ${groupId} does not open with data key ${sealed.dataKey}` });
    return plain;
  }
}
