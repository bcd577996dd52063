import {
  exportQuery,
  generateBody,
  generateResponse,
  listStatementsQuery,
  monthParams,
  reconciliationResponse,
  statementDetail,
  statementIdParams,
  statementQuery,
  statementsPage,
  versionBody,
} from '../../../contracts/api/settlement.ts';
import { type Lang, pickLang } from '../../../contracts/messages/index.ts';
import type { Ctx } from '../../platform/context.ts';
import { requireActor } from '../../platform/http/auth.ts';
import type { App } from '../../platform/http/types.ts';
import {
  approveStatement,
  generateStatements,
  getStatement,
  listStatements,
  monthForExport,
  payStatement,
  recomputeStatement,
  reconcile,
  statementForExport,
} from './settlement.service.ts';
import { monthWorkbook, statementWorkbook } from './settlement.xlsx.ts';

const tags = ['settlement'];
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const langOf = (query: Lang | undefined, header: unknown): Lang =>
  query ?? pickLang(typeof header === 'string' ? header : undefined);

/** attachment with an ASCII fallback name and the real one in UTF-8 (RFC 6266 / 5987). */
function disposition(ascii: string, name: string): string {
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(name)}`;
}

export function settlementRoutes(app: App, ctx: Ctx) {
  app.get(
    '/api/settlement/statements',
    {
      schema: {
        tags,
        summary: 'Provider statements the reader may see (filters: month, org, status, area)',
        querystring: listStatementsQuery,
        response: { 200: statementsPage },
      },
    },
    async (req) => listStatements(ctx, requireActor(req), req.query),
  );
  app.post(
    '/api/settlement/statements/generate',
    {
      schema: {
        tags,
        summary: 'Draw up (or refresh) the drafts of an ended month: all providers, or one',
        body: generateBody,
        response: { 200: generateResponse },
      },
    },
    async (req) => generateStatements(ctx, requireActor(req), req.body),
  );
  app.get(
    '/api/settlement/statements/:id',
    {
      schema: {
        tags,
        summary: 'One statement with a page of its lines',
        params: statementIdParams,
        querystring: statementQuery,
        response: { 200: statementDetail },
      },
    },
    async (req) => getStatement(ctx, requireActor(req), req.params.id, req.query),
  );
  app.post(
    '/api/settlement/statements/:id/recompute',
    {
      schema: {
        tags,
        summary: 'Rebuild a draft from the ledger',
        params: statementIdParams,
        response: { 200: statementDetail },
      },
    },
    async (req) => recomputeStatement(ctx, requireActor(req), req.params.id),
  );
  app.post(
    '/api/settlement/statements/:id/approve',
    {
      schema: {
        tags,
        summary: 'Approve a draft after checking it against the ledger',
        params: statementIdParams,
        body: versionBody,
        response: { 200: statementDetail },
      },
    },
    async (req) => approveStatement(ctx, requireActor(req), req.params.id, req.body.version),
  );
  app.post(
    '/api/settlement/statements/:id/pay',
    {
      schema: {
        tags,
        summary: 'Pay an approved statement: receivable → district payouts (idempotent)',
        params: statementIdParams,
        body: versionBody,
        response: { 200: statementDetail },
      },
    },
    async (req) => payStatement(ctx, requireActor(req), req.params.id, req.body.version),
  );
  app.get(
    '/api/settlement/statements/:id/export.xlsx',
    {
      schema: {
        tags,
        summary: 'One statement as a spreadsheet',
        params: statementIdParams,
        querystring: exportQuery,
      },
    },
    async (req, reply) => {
      const { statement, lines } = await statementForExport(ctx, requireActor(req), req.params.id);
      const lang = langOf(req.query.lang, req.headers['accept-language']);
      const name =
        lang === 'en'
          ? `statement-${statement.month}-${statement.orgName}.xlsx`
          : `结算单-${statement.month}-${statement.orgName}.xlsx`;
      return reply
        .header('content-type', XLSX)
        .header(
          'content-disposition',
          disposition(`statement-${statement.month}-${statement.id.slice(0, 8)}.xlsx`, name),
        )
        .send(await statementWorkbook(statement, lines, lang));
    },
  );
  app.get(
    '/api/settlement/months/:month/export.xlsx',
    {
      schema: {
        tags,
        summary: 'A month’s statements across providers, as a spreadsheet',
        params: monthParams,
        querystring: exportQuery,
      },
    },
    async (req, reply) => {
      const { month, statements } = await monthForExport(ctx, requireActor(req), req.params.month);
      const lang = langOf(req.query.lang, req.headers['accept-language']);
      const name = lang === 'en' ? `settlement-${month}.xlsx` : `结算汇总-${month}.xlsx`;
      return reply
        .header('content-type', XLSX)
        .header('content-disposition', disposition(`settlement-${month}.xlsx`, name))
        .send(await monthWorkbook(month, statements, lang));
    },
  );
  app.get(
    '/api/settlement/months/:month/reconciliation',
    {
      schema: {
        tags,
        summary: 'Statements against the ledger for a month, to the fen',
        params: monthParams,
        response: { 200: reconciliationResponse },
      },
    },
    async (req) => reconcile(ctx, requireActor(req), { month: req.params.month }),
  );
}
