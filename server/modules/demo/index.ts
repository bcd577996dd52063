// Placeholder until the generator lands (same session): the interface main.ts and the CLI use.
import type { Ctx } from '../../platform/context.ts';

export interface DemoOptions {
  residents: number;
  seed: number;
  onProgress?: (message: string) => void;
}
export interface DemoLogin {
  username: string;
  password: string;
  role: string;
  roleLabel: string;
  areaCode: string;
  areaLabel: string;
}
export const DEMO_LOGINS: DemoLogin[] = [];
export async function ensureDemoDistrict(_ctx: Ctx, _opts: DemoOptions): Promise<boolean> {
  return false;
}
