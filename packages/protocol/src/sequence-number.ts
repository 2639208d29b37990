/**
 * Kinesis sequence numbers, derived from a record's place in its shard's log.
 *
 * The 56-digit decimal number is 47 hex digits, left to right:
 *   "2" · shard creation time (epoch s, 9 hex) · low 4 bits of the shard index (1 hex)
 *   · 64-bit counter (16 hex, top bit 0) · "00" · arrival time (epoch s, 9 hex)
 *   · shard index (8 hex) · "2"
 * The counter is (log index × 2^16 + offset in entry), so numeric order is
 * log order within a shard, and every replica derives the same number.
 */

/** Records in one entry must fit the 16 low bits of the counter. */
export const offsetBits = 16;
export const offsetsPerEntryMax = 1 << offsetBits;

export interface SequenceParts {
  readonly shardCreatedS: number;
  readonly shardIndex: number;
  readonly logIndex: number;
  readonly offset: number;
  readonly arrivalS: number;
}

const hex = (n: bigint | number, width: number): string => {
  const s = BigInt(n).toString(16);
  if (s.length > width) throw new RangeError(`${n} does not fit ${width} hex digits`);
  return s.padStart(width, "0");
};

export function sequenceNumber(p: SequenceParts): string {
  if (p.offset < 0 || p.offset >= offsetsPerEntryMax) throw new RangeError(`record offset ${p.offset} out of range`);
  const counter = (BigInt(p.logIndex) << BigInt(offsetBits)) | BigInt(p.offset);
  const digits = "2" + hex(p.shardCreatedS, 9) + hex(p.shardIndex & 0xf, 1) + hex(counter, 16) + "00" + hex(p.arrivalS, 9) + hex(p.shardIndex, 8) + "2";
  return BigInt("0x" + digits).toString(10);
}

/** The parts of a sequence number made by `sequenceNumber`, or undefined if it is not one. */
export function parseSequenceNumber(s: string): SequenceParts | undefined {
  if (!/^[1-9]\d{0,128}$/.test(s)) return undefined;
  const h = BigInt(s).toString(16);
  if (h.length !== 47 || !h.startsWith("2") || !h.endsWith("2") || h.slice(27, 29) !== "00") return undefined;
  const counter = BigInt("0x" + h.slice(11, 27));
  return {
    shardCreatedS: parseInt(h.slice(1, 10), 16),
    shardIndex: parseInt(h.slice(38, 46), 16),
    logIndex: Number(counter >> BigInt(offsetBits)),
    offset: Number(counter & BigInt(offsetsPerEntryMax - 1)),
    arrivalS: parseInt(h.slice(29, 38), 16),
  };
}
