import { randomFillSync } from 'node:crypto';

// Random bytes are drawn from the OS in blocks; a bulk import asks for 100,000 ids at once.
const POOL = Buffer.alloc(16 * 4096);
let offset = POOL.length;

/**
 * UUIDv7: time-ordered for index locality, random enough to be generated on any node without
 * a global sequence (ADR 0002).
 */
export function newId(now: number = Date.now()): string {
  if (offset + 16 > POOL.length) {
    randomFillSync(POOL);
    offset = 0;
  }
  const b = Buffer.from(POOL.subarray(offset, offset + 16));
  offset += 16;
  b.writeUIntBE(now, 0, 6);
  b[6] = (b[6]! & 0x0f) | 0x70;
  b[8] = (b[8]! & 0x3f) | 0x80;
  const h = b.toString('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}
