/** Mainland mobile (11 digits from 1[3-9]) or a landline with area code (0571-8xxxxxxx). */
export function normalisePhone(raw: string): string {
  return (raw ?? '').replace(/[\s()（）-]/g, '').replace(/^\+?86(?=1\d{10}$)/, '');
}

export function isValidPhone(value: string): boolean {
  return /^1[3-9]\d{9}$/.test(value) || /^0\d{2,3}\d{7,8}$/.test(value);
}

export function maskPhone(value: string): string {
  if (/^1\d{10}$/.test(value)) return `${value.slice(0, 3)}****${value.slice(7)}`;
  return value.length > 4 ? `${'*'.repeat(value.length - 4)}${value.slice(-4)}` : '****';
}
