import { auditPage, listAuditQuery } from '../../../contracts/api/audit.ts';
import { requireAnywhere } from '../access.ts';
import type { Ctx } from '../context.ts';
import { toIso } from '../db/rows.ts';
import { requireActor } from '../http/auth.ts';
import type { App } from '../http/types.ts';
import { findAuditRows } from './audit.repo.ts';

export function auditRoutes(app: App, ctx: Ctx) {
  app.get(
    '/api/audit',
    {
      schema: {
        tags: ['audit'],
        summary: 'Audit log, filtered by actor, entity and date',
        querystring: listAuditQuery,
        response: { 200: auditPage },
      },
    },
    async (req) => {
      const scope = requireAnywhere(requireActor(req), 'audit.read');
      const q = req.query;
      const { rows, total } = await findAuditRows(
        ctx.db,
        { ...q, areaPrefixes: scope.includes('330102') ? 'all' : scope },
        q.pageSize,
        (q.page - 1) * q.pageSize,
      );
      return {
        items: rows.map((r) => ({ ...r, at: toIso(r.at), before: r.before ?? null, after: r.after ?? null })),
        total: Math.min(total, 10_000),
        totalIsLowerBound: total > 10_000,
        page: q.page,
        pageSize: q.pageSize,
      };
    },
  );
}
