import type { Ctx } from '../../platform/context.ts';
import type { App } from '../../platform/http/types.ts';

export function importRoutes(_app: App, _ctx: Ctx) {}
