import {
  figuresExportQuery,
  figuresQuery,
  figuresResponse,
  myRankQuery,
  myRankResponse,
} from '../../../contracts/api/volunteer-figures.ts';
import type { Ctx } from '../../platform/context.ts';
import { sendAttachment, XLSX_TYPE } from '../../platform/http/attachment.ts';
import { requireActor } from '../../platform/http/auth.ts';
import { requestLang } from '../../platform/http/lang.ts';
import type { App } from '../../platform/http/types.ts';
import { figuresForExport, getFigures, getMyRank } from './volunteer-figures.service.ts';
import { figuresWorkbook } from './volunteer-figures.xlsx.ts';

const tags = ['volunteer-figures'];

/** An instant as read in Hangzhou: YYYY-MM-DD HH:mm. */
function shanghaiMinute(d: Date): string {
  return new Date(d.getTime() + 8 * 3600_000).toISOString().slice(0, 16).replace('T', ' ');
}

export function volunteerFiguresRoutes(app: App, ctx: Ctx) {
  app.get(
    '/api/volunteer-figures',
    {
      schema: {
        tags,
        summary:
          'Volunteers by confirmed hours, communities by needs, totals and categories, for an area and a period',
        querystring: figuresQuery,
        response: { 200: figuresResponse },
      },
    },
    async (req) => getFigures(ctx, requireActor(req), req.query),
  );
  app.get(
    '/api/volunteer-figures/export.xlsx',
    {
      schema: {
        tags,
        summary: 'The figures as a workbook (the download is audited)',
        querystring: figuresExportQuery,
      },
    },
    async (req, reply) => {
      const actor = requireActor(req);
      const { lang: langParam, ...q } = req.query;
      const { figures, volunteersTotal, audit } = await figuresForExport(ctx, actor, q);
      const lang = requestLang(req, langParam);
      const body = await figuresWorkbook(figures, {
        lang,
        volunteersTotal,
        exportedAt: shanghaiMinute(ctx.clock.now()),
        exportedBy: actor.displayName,
      });
      await audit();
      const stem = `${figures.area.code}-${figures.from}-${figures.to}`;
      const name =
        lang === 'en'
          ? `volunteer-figures-${figures.area.name}-${figures.from}-${figures.to}.xlsx`
          : `志愿服务统计-${figures.area.name}-${figures.from}至${figures.to}.xlsx`;
      return sendAttachment(
        reply,
        { type: XLSX_TYPE, name, fallbackName: `volunteer-figures-${stem}.xlsx` },
        body,
      );
    },
  );
  app.get(
    '/api/me/volunteer/rank',
    {
      schema: {
        tags,
        summary: 'The signed-in volunteer’s rank by confirmed hours in a year, in their street and district',
        querystring: myRankQuery,
        response: { 200: myRankResponse },
      },
    },
    async (req) => getMyRank(ctx, requireActor(req), req.query),
  );
}
