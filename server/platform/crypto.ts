import { createCipheriv, createDecipheriv, createHash, createHmac, randomBytes } from 'node:crypto';

/**
 * Field encryption for direct identifiers (ID number, phone): AES-256-GCM with a random IV per
 * value, and a keyed HMAC for exact lookup. Both keys derive from one data key (ADR 0003).
 */
export interface FieldCrypto {
  encrypt(plain: string): string;
  decrypt(cipher: string): string;
  lookupHash(plain: string): string;
}

export function createFieldCrypto(dataKey: Buffer): FieldCrypto {
  if (dataKey.length < 32) throw new Error('data key must be at least 32 bytes');
  const encKey = createHash('sha256')
    .update(Buffer.concat([Buffer.from('minsheng:enc:'), dataKey]))
    .digest();
  const macKey = createHash('sha256')
    .update(Buffer.concat([Buffer.from('minsheng:mac:'), dataKey]))
    .digest();
  return {
    encrypt(plain) {
      const iv = randomBytes(12);
      const cipher = createCipheriv('aes-256-gcm', encKey, iv);
      const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
      return `v1.${Buffer.concat([iv, cipher.getAuthTag(), body]).toString('base64')}`;
    },
    decrypt(value) {
      const raw = Buffer.from(value.slice(3), 'base64');
      const decipher = createDecipheriv('aes-256-gcm', encKey, raw.subarray(0, 12));
      decipher.setAuthTag(raw.subarray(12, 28));
      return Buffer.concat([decipher.update(raw.subarray(28)), decipher.final()]).toString('utf8');
    },
    lookupHash(plain) {
      return createHmac('sha256', macKey).update(plain).digest('base64url');
    },
  };
}

export function sha256(value: string): string {
  return createHash('sha256').update(value).digest('base64url');
}

export function randomToken(bytes = 32): string {
  return randomBytes(bytes).toString('base64url');
}
