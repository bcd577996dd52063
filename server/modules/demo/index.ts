// The demo district generator: the only front door of this module.

export type { DemoLogin } from './demo.logins.ts';
export { DEMO_LOGINS, DEMO_PASSWORD } from './demo.logins.ts';
export type { DemoOptions, DemoSummary } from './demo.service.ts';
export {
  ensureDemoDistrict,
  ensureDemoUsers,
  generateDemoDistrict,
  MAX_DEMO_RESIDENTS,
} from './demo.service.ts';
