/**
 * Bounds on a request body's structure, checked before it is decoded: a
 * decoder given a small body of many tiny items (a 16 MiB CBOR array of
 * empty maps is 16 million objects), deep nesting, or a huge bignum spends
 * memory and time out of all proportion to the bytes. These scans walk the
 * bytes once, allocate nothing, and refuse such a body with the
 * SerializationException AWS gives a body it cannot read.
 */
import { serialization } from "./errors.js";
import * as limits from "./limits.js";

/** Throws SerializationException when a JSON body holds too many values or nests too deep. */
export function checkJsonBounds(body: Buffer): void {
  let items = 0;
  let depth = 0;
  let inString = false;
  for (let i = 0; i < body.length; i++) {
    const c = body[i];
    if (inString) {
      if (c === 0x5c) i++; // backslash: skip the escaped character
      else if (c === 0x22) inString = false;
      continue;
    }
    switch (c) {
      case 0x22: // "
        inString = true;
        break;
      case 0x7b: // {
      case 0x5b: // [
        if (++depth > limits.requestNestingMax) throw tooDeep();
        if (++items > limits.requestItemsMax) throw tooMany();
        break;
      case 0x7d: // }
      case 0x5d: // ]
        depth--;
        break;
      case 0x2c: // , separates two values (or members)
        if (++items > limits.requestItemsMax) throw tooMany();
        break;
    }
  }
}

/**
 * Throws SerializationException when a CBOR body holds too many items, nests
 * too deep, or carries a bignum (tags 2 and 3) longer than 8 bytes (no
 * Kinesis member needs more than a 64-bit integer). Malformed CBOR is left
 * to the decoder, which refuses it.
 */
export function checkCborBounds(body: Buffer): void {
  let pos = 0;
  let items = 0;
  // Items still to read in each open container; -1 for an indefinite one (ends at 0xff).
  const open: number[] = [];
  const argument = (info: number): number => {
    if (info < 24) return info;
    const size = info === 24 ? 1 : info === 25 ? 2 : info === 26 ? 4 : info === 27 ? 8 : -1;
    if (size < 0 || pos + size > body.length) return -1;
    let v = 0;
    for (let k = 0; k < size; k++) v = v * 256 + (body[pos + k] as number);
    pos += size;
    return v;
  };
  let bignumTag = false;
  while (pos < body.length) {
    const initial = body[pos++] as number;
    if (initial === 0xff) {
      // "break": ends the innermost indefinite container
      if (open.at(-1) === -1) {
        open.pop();
        if (open.length > 0 && (open.at(-1) as number) > 0) open[open.length - 1] = (open.at(-1) as number) - 1;
      }
      closeFinished(open);
      continue;
    }
    if (++items > limits.requestItemsMax) throw tooMany();
    const major = initial >> 5;
    const info = initial & 0x1f;
    const indefinite = info === 31;
    const n = indefinite ? -1 : argument(info);
    if (!indefinite && n < 0) return; // truncated or reserved: the decoder says so
    if (bignumTag && (major === 2 ? indefinite || n > 8 : true)) throw serialization("Unable to decode the CBOR body: an integer is too large");
    bignumTag = false;
    let opened = false;
    switch (major) {
      case 2: // byte string
      case 3: // text string
        if (!indefinite) pos += n;
        else {
          open.push(-1); // chunks until the break
          opened = true;
        }
        break;
      case 4: // array
      case 5: // map
        if (indefinite || n > 0) {
          if (open.length >= limits.requestNestingMax) throw tooDeep();
          open.push(indefinite ? -1 : major === 5 ? n * 2 : n);
          opened = true;
        }
        break;
      case 6: // tag: the tagged item follows, and counts for the enclosing container
        bignumTag = n === 2 || n === 3;
        continue;
    }
    if (!opened) {
      if (open.length > 0 && (open.at(-1) as number) > 0) open[open.length - 1] = (open.at(-1) as number) - 1;
      closeFinished(open);
    }
  }
}

/** Pops definite containers whose items are all read; each counts as one item of its parent. */
function closeFinished(open: number[]): void {
  while (open.length > 0 && open.at(-1) === 0) {
    open.pop();
    if (open.length > 0 && (open.at(-1) as number) > 0) open[open.length - 1] = (open.at(-1) as number) - 1;
  }
}

const tooMany = () => serialization(`The request holds more than ${limits.requestItemsMax} values`);
const tooDeep = () => serialization(`The request nests deeper than ${limits.requestNestingMax} levels`);
