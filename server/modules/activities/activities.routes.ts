import type { FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import {
  activitiesPage,
  activityDetailSchema,
  addSignupsBody,
  cancelActivityBody,
  certificateSchema,
  certificatesList,
  certificatesPage,
  checkCodeBody,
  checkInCodeSchema,
  checkResultSchema,
  confirmRecordsBody,
  correctRecordBody,
  createActivityBody,
  createdResponse,
  createHolidayPostsBody,
  createMarketBody,
  exportRecordsQuery,
  issueCertificateBody,
  listActivitiesQuery,
  listCertificatesQuery,
  listRecordsQuery,
  myActivitiesSchema,
  myRecordsQuery,
  mySignupSchema,
  openActivitiesQuery,
  openActivitiesSchema,
  publicCertificateSchema,
  recordSchema,
  recordsList,
  recordsPage,
  rejectRecordBody,
  revokeCertificateBody,
  selfReportBody,
  selfSignupBody,
  signupReasonBody,
} from '../../../contracts/api/activities.ts';
import { langQuery } from '../../../contracts/api/common.ts';
import type { Lang } from '../../../contracts/messages/index.ts';
import type { Ctx } from '../../platform/context.ts';
import { PDF_TYPE, sendAttachment, XLSX_TYPE } from '../../platform/http/attachment.ts';
import { requireActor } from '../../platform/http/auth.ts';
import { requestLang } from '../../platform/http/lang.ts';
import { entityRoutes } from '../../platform/http/routes.ts';
import type { App } from '../../platform/http/types.ts';
import {
  certificatePdfFor,
  issueCertificate,
  listCertificates,
  myCertificates,
  revokeCertificate,
  verifyCertificate,
} from './activities.certificates.ts';
import {
  confirmRecords,
  correctRecord,
  listRecords,
  myRecords,
  myRecordsForExport,
  recordsForExport,
  rejectRecord,
  selfReport,
} from './activities.records.ts';
import {
  addSignups,
  cancelActivity,
  cancelMySignup,
  cancelSignup,
  checkIn,
  checkOut,
  createActivity,
  createHolidayPosts,
  createMarket,
  currentCode,
  getActivity,
  listActivities,
  markNoShow,
  myActivities,
  openActivities,
  signUp,
} from './activities.service.ts';
import { recordsWorkbook } from './activities.xlsx.ts';

const tags = ['activities'];
const activityParams = z.object({ id: z.string().uuid({ message: 'ACTIVITY_NOT_FOUND' }) });
const signupParams = activityParams.extend({ signupId: z.string().uuid({ message: 'SIGNUP_NOT_FOUND' }) });
const shiftParams = activityParams.extend({
  shiftId: z.string().uuid({ message: 'ACTIVITY_SHIFT_NOT_FOUND' }),
});
const mySignupParams = z.object({ id: z.string().uuid({ message: 'SIGNUP_NOT_FOUND' }) });
const recordParams = z.object({ id: z.string().uuid({ message: 'RECORD_NOT_FOUND' }) });
const certificateParams = z.object({ id: z.string().uuid({ message: 'CERTIFICATE_NOT_FOUND' }) });
const certNoParams = z.object({ certNo: z.string().max(40) });

/** Where this site is reached, for links printed on certificates. */
const originOf = (req: FastifyRequest) => `${req.protocol}://${req.host}`;

/** A volunteer's records as a spreadsheet, named in the language asked for (else the browser's). */
async function sendRecordsWorkbook(
  reply: FastifyReply,
  { volunteer, records }: Awaited<ReturnType<typeof recordsForExport>>,
  query: { from?: string; to?: string; lang?: Lang },
  req: FastifyRequest,
) {
  const lang = requestLang(req, query.lang);
  const fallbackName = `records-${volunteer.volunteerNo}.xlsx`;
  const name = lang === 'en' ? fallbackName : `志愿服务记录-${volunteer.name}.xlsx`;
  return sendAttachment(
    reply,
    { type: XLSX_TYPE, name, fallbackName },
    await recordsWorkbook(volunteer, records, query, lang),
  );
}

export function activityRoutes(app: App, ctx: Ctx) {
  // --- organisers ----------------------------------------------------------------------------
  app.get(
    '/api/activities',
    { schema: { tags, querystring: listActivitiesQuery, response: { 200: activitiesPage } } },
    async (req) => listActivities(ctx, requireActor(req), req.query),
  );
  app.post(
    '/api/activities',
    { schema: { tags, body: createActivityBody, response: { 201: createdResponse } } },
    async (req, reply) => reply.status(201).send(await createActivity(ctx, requireActor(req), req.body)),
  );
  app.post(
    '/api/activities/market',
    {
      schema: {
        tags,
        summary: 'The monthly civilization market of an area: booths in the 8 categories, two sessions',
        body: createMarketBody,
        response: { 201: createdResponse },
      },
    },
    async (req, reply) => reply.status(201).send(await createMarket(ctx, requireActor(req), req.body)),
  );
  app.post(
    '/api/activities/holiday-posts',
    {
      schema: {
        tags,
        summary: 'Posts at a station for the days of a holiday',
        body: createHolidayPostsBody,
        response: { 201: createdResponse },
      },
    },
    async (req, reply) => reply.status(201).send(await createHolidayPosts(ctx, requireActor(req), req.body)),
  );
  const activity = entityRoutes(app, ctx, { tags, params: activityParams, response: activityDetailSchema });
  activity.get('/api/activities/:id', getActivity);
  activity.post('/api/activities/:id/cancel', { body: cancelActivityBody }, cancelActivity);
  activity.post('/api/activities/:id/signups', { body: addSignupsBody }, addSignups);
  app.post(
    '/api/activities/:id/signups/:signupId/cancel',
    {
      schema: { tags, params: signupParams, body: signupReasonBody, response: { 200: activityDetailSchema } },
    },
    async (req) => cancelSignup(ctx, requireActor(req), req.params.id, req.params.signupId, req.body.reason),
  );
  app.post(
    '/api/activities/:id/signups/:signupId/no-show',
    {
      schema: { tags, params: signupParams, body: signupReasonBody, response: { 200: activityDetailSchema } },
    },
    async (req) => markNoShow(ctx, requireActor(req), req.params.id, req.params.signupId, req.body.reason),
  );
  app.get(
    '/api/activities/:id/shifts/:shiftId/code',
    {
      schema: {
        tags,
        summary: 'The rotating check-in code of a shift, for the leader’s screen',
        params: shiftParams,
        response: { 200: checkInCodeSchema },
      },
    },
    async (req, reply) =>
      reply
        .header('cache-control', 'no-store')
        .send(await currentCode(ctx, requireActor(req), req.params.id, req.params.shiftId)),
  );

  // --- records -------------------------------------------------------------------------------
  app.get(
    '/api/records',
    { schema: { tags, querystring: listRecordsQuery, response: { 200: recordsPage } } },
    async (req) => listRecords(ctx, requireActor(req), req.query),
  );
  app.post(
    '/api/records/confirm',
    { schema: { tags, body: confirmRecordsBody, response: { 200: recordsList } } },
    async (req) => confirmRecords(ctx, requireActor(req), req.body),
  );
  const record = entityRoutes(app, ctx, { tags, params: recordParams, response: recordSchema });
  record.post('/api/records/:id/reject', { body: rejectRecordBody }, rejectRecord);
  record.post('/api/records/:id/correct', { body: correctRecordBody }, correctRecord);
  app.get(
    '/api/records/export.xlsx',
    {
      schema: {
        tags,
        summary: 'A volunteer’s records as a spreadsheet',
        querystring: exportRecordsQuery.extend(langQuery.shape),
      },
    },
    async (req, reply) =>
      sendRecordsWorkbook(reply, await recordsForExport(ctx, requireActor(req), req.query), req.query, req),
  );

  // --- the volunteer's own pages -------------------------------------------------------------
  app.get('/api/me/activities', { schema: { tags, response: { 200: myActivitiesSchema } } }, async (req) =>
    myActivities(ctx, requireActor(req)),
  );
  app.get(
    '/api/me/activities/open',
    { schema: { tags, querystring: openActivitiesQuery, response: { 200: openActivitiesSchema } } },
    async (req) => openActivities(ctx, requireActor(req), req.query),
  );
  app.post(
    '/api/me/signups',
    { schema: { tags, body: selfSignupBody, response: { 201: mySignupSchema } } },
    async (req, reply) => reply.status(201).send(await signUp(ctx, requireActor(req), req.body)),
  );
  app.post(
    '/api/me/signups/:id/cancel',
    { schema: { tags, params: mySignupParams, body: signupReasonBody, response: { 200: mySignupSchema } } },
    async (req) => cancelMySignup(ctx, requireActor(req), req.params.id, req.body.reason),
  );
  app.post(
    '/api/me/check-in',
    { schema: { tags, body: checkCodeBody, response: { 200: checkResultSchema } } },
    async (req) => checkIn(ctx, requireActor(req), req.body),
  );
  app.post(
    '/api/me/check-out',
    { schema: { tags, body: checkCodeBody, response: { 200: checkResultSchema } } },
    async (req) => checkOut(ctx, requireActor(req), req.body),
  );
  app.get(
    '/api/me/records',
    { schema: { tags, querystring: myRecordsQuery, response: { 200: recordsList } } },
    async (req) => myRecords(ctx, requireActor(req), req.query),
  );
  app.post(
    '/api/me/records',
    {
      schema: {
        tags,
        summary: 'Self-reported hours, pending approval',
        body: selfReportBody,
        response: { 201: recordSchema },
      },
    },
    async (req, reply) => reply.status(201).send(await selfReport(ctx, requireActor(req), req.body)),
  );
  app.get(
    '/api/me/records/export.xlsx',
    { schema: { tags, querystring: myRecordsQuery.extend(langQuery.shape) } },
    async (req, reply) =>
      sendRecordsWorkbook(reply, await myRecordsForExport(ctx, requireActor(req), req.query), req.query, req),
  );
  app.get('/api/me/certificates', { schema: { tags, response: { 200: certificatesList } } }, async (req) =>
    myCertificates(ctx, requireActor(req)),
  );

  // --- certificates --------------------------------------------------------------------------
  app.get(
    '/api/certificates',
    { schema: { tags, querystring: listCertificatesQuery, response: { 200: certificatesPage } } },
    async (req) => listCertificates(ctx, requireActor(req), req.query),
  );
  app.post(
    '/api/certificates',
    {
      schema: {
        tags,
        summary: '志愿服务证明 over confirmed records of the issuing organisation',
        body: issueCertificateBody,
        response: { 201: certificateSchema },
      },
    },
    async (req, reply) => reply.status(201).send(await issueCertificate(ctx, requireActor(req), req.body)),
  );
  app.get(
    '/api/certificates/:id/pdf',
    {
      schema: {
        tags,
        summary: 'The certificate as a PDF (the volunteer’s own, or the issuer’s)',
        params: certificateParams,
      },
    },
    async (req, reply) => {
      const { certNo, pdf } = await certificatePdfFor(ctx, requireActor(req), req.params.id, originOf(req));
      return sendAttachment(
        reply,
        { type: PDF_TYPE, name: `志愿服务证明-${certNo}.pdf`, fallbackName: `${certNo}.pdf` },
        pdf,
      );
    },
  );
  app.post(
    '/api/certificates/:id/revoke',
    {
      schema: {
        tags,
        params: certificateParams,
        body: revokeCertificateBody,
        response: { 200: certificateSchema },
      },
    },
    async (req) => revokeCertificate(ctx, requireActor(req), req.params.id, req.body.reason),
  );
  // Anyone holding a certificate may have it checked: no session, limited per address.
  app.get(
    '/api/public/certificates/:certNo',
    {
      schema: {
        tags,
        summary: 'Verify a certificate by its number (public)',
        params: certNoParams,
        response: { 200: publicCertificateSchema },
        security: [],
      },
      config: { public: true, rateLimit: { max: 30, timeWindow: '1 minute' } },
    },
    async (req) => verifyCertificate(ctx, req.params.certNo),
  );
}
