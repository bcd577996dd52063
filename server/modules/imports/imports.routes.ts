import { langQuery } from '../../../contracts/api/common.ts';
import { commitImportBody, importIdParams, importList, importView } from '../../../contracts/api/imports.ts';
import type { Ctx } from '../../platform/context.ts';
import { AppError } from '../../platform/errors.ts';
import { sendAttachment } from '../../platform/http/attachment.ts';
import { requireActor } from '../../platform/http/auth.ts';
import { requestLang } from '../../platform/http/lang.ts';
import type { App } from '../../platform/http/types.ts';
import { detectFormat, templateCsv } from './imports.parse.ts';
import { requireImporter } from './imports.policy.ts';
import { commitImport, getImport, listImports, startResidentImport } from './imports.service.ts';

const tags = ['imports'];

export function importRoutes(app: App, ctx: Ctx) {
  app.get(
    '/api/imports/template.csv',
    {
      schema: {
        tags,
        summary: 'Header row of the resident import file (CSV, UTF-8 with BOM)',
        querystring: langQuery,
      },
      config: { public: true },
    },
    async (req, reply) => {
      const lang = requestLang(req, req.query.lang);
      const name = lang === 'en' ? 'residents-template.csv' : '居民导入模板.csv';
      return sendAttachment(
        reply,
        { type: 'text/csv; charset=utf-8', name, fallbackName: 'residents-template.csv' },
        templateCsv(lang),
      );
    },
  );

  app.post(
    '/api/imports/residents',
    {
      schema: {
        tags,
        summary:
          'Upload a resident file (.csv or .xlsx, multipart field "file"); validation runs in the background',
        consumes: ['multipart/form-data'],
        response: { 202: importView },
      },
    },
    async (req, reply) => {
      const actor = requireActor(req);
      requireImporter(actor);
      const lang = requestLang(req);
      if (!req.isMultipart()) throw new AppError('IMPORT_FILE_TYPE');
      const part = await req.file();
      if (!part)
        throw new AppError('VALIDATION_FAILED', {}, [
          { field: 'file', code: 'FIELD_REQUIRED', params: { field: 'file' } },
        ]);
      try {
        detectFormat(part.filename);
      } catch (err) {
        part.file.resume();
        throw err;
      }
      let buffer: Buffer;
      try {
        buffer = await part.toBuffer();
      } catch (err) {
        if ((err as { code?: string }).code === 'FST_REQ_FILE_TOO_LARGE')
          throw new AppError('IMPORT_FILE_TOO_LARGE', { maxMb: ctx.config.uploadMaxMb });
        throw err;
      }
      const view = await startResidentImport(ctx, actor, { fileName: part.filename, buffer }, lang);
      return reply.status(202).send(view);
    },
  );

  app.get(
    '/api/imports',
    {
      schema: {
        tags,
        summary: 'Recent imports of the caller and of their area',
        response: { 200: importList },
      },
    },
    async (req) => listImports(ctx, requireActor(req), requestLang(req)),
  );

  app.get(
    '/api/imports/:id',
    {
      schema: {
        tags,
        summary: 'Status, progress, counts and the translated report',
        params: importIdParams,
        response: { 200: importView },
      },
    },
    async (req) => getImport(ctx, requireActor(req), req.params.id, requestLang(req)),
  );

  app.post(
    '/api/imports/:id/commit',
    {
      schema: {
        tags,
        summary: 'Write a validated import in one transaction; duplicates are skipped or updated',
        params: importIdParams,
        body: commitImportBody,
        response: { 200: importView },
      },
    },
    async (req) =>
      commitImport(ctx, requireActor(req), req.params.id, req.body.onDuplicate, requestLang(req)),
  );
}
