import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import { type ErrorBody, type ErrorCode, type FieldIssue, isErrorCode } from '../../../contracts/errors.ts';
import { type Lang, pickLang, translateError } from '../../../contracts/messages/index.ts';
import { AppError } from '../errors.ts';

interface ZodIssueLike {
  code: string;
  path: (string | number)[];
  message: string;
  maximum?: number | bigint;
  minimum?: number | bigint;
  input?: unknown;
  keys?: string[];
}

/** Maps one Zod issue to our code: a message that is a code wins, otherwise by Zod's kind. */
export function issueFromZod(issue: ZodIssueLike, prefix = ''): FieldIssue {
  const field = [prefix, ...issue.path.map(String)].filter(Boolean).join('.') || 'body';
  const params: Record<string, string | number> = { field };
  let code: ErrorCode;
  if (isErrorCode(issue.message)) code = issue.message;
  else if (issue.code === 'invalid_type') code = issue.input === undefined ? 'FIELD_REQUIRED' : 'FIELD_TYPE';
  else if (issue.code === 'too_big') {
    code = 'FIELD_TOO_LONG';
    params.max = Number(issue.maximum);
  } else if (issue.code === 'too_small') {
    code = issue.input === '' ? 'FIELD_REQUIRED' : 'FIELD_TOO_SHORT';
    params.min = Number(issue.minimum);
  } else if (issue.code === 'invalid_value' || issue.code === 'invalid_enum_value') code = 'FIELD_ENUM';
  else if (issue.code === 'unrecognized_keys') {
    code = 'FIELD_UNKNOWN';
    params.field = issue.keys?.join(', ') ?? field;
  } else code = 'FIELD_FORMAT';
  if (code === 'FIELD_TOO_LONG' && typeof issue.input === 'number') code = 'FIELD_RANGE';
  if (code === 'FIELD_TOO_SHORT' && typeof issue.input === 'number') code = 'FIELD_RANGE';
  return { field, code, params };
}

export function errorBody(err: AppError, lang: Lang): ErrorBody {
  return {
    error: {
      code: err.code,
      message: translateError(err.code, err.params, lang),
      ...(Object.keys(err.params).length ? { params: err.params } : {}),
      ...(err.issues
        ? {
            issues: err.issues.map((i) => ({
              ...i,
              message: translateError(i.code, { field: i.field, ...(i.params ?? {}) }, lang),
            })),
          }
        : {}),
    },
  };
}

export function toAppError(err: unknown): AppError {
  if (err instanceof AppError) return err;
  const fe = err as FastifyError;
  if (hasZodFastifySchemaValidationErrors(fe)) {
    // The type provider flattens each Zod issue into { keyword, instancePath, message, params }.
    const issues = fe.validation.map((v) =>
      issueFromZod({
        ...(v.params as Partial<ZodIssueLike>),
        code: v.keyword,
        path: v.instancePath.split('/').filter(Boolean),
        message: v.message ?? '',
      }),
    );
    return new AppError('VALIDATION_FAILED', {}, issues);
  }
  if (fe.statusCode === 429) return new AppError('RATE_LIMITED');
  if (
    fe.statusCode === 413 ||
    fe.code === 'FST_REQ_FILE_TOO_LARGE' ||
    fe.code === 'FST_ERR_CTP_BODY_TOO_LARGE'
  )
    return new AppError('PAYLOAD_TOO_LARGE');
  if (fe.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE' || fe.statusCode === 415)
    return new AppError('IMPORT_FILE_TYPE');
  if (fe.statusCode === 400)
    return new AppError('VALIDATION_FAILED', {}, [
      { field: 'body', code: 'FIELD_FORMAT', params: { field: 'body' } },
    ]);
  if (fe.statusCode === 404) return new AppError('NOT_FOUND');
  return new AppError('INTERNAL');
}

export function handleError(err: unknown, req: FastifyRequest, reply: FastifyReply) {
  const appErr = toAppError(err);
  if (appErr.code === 'INTERNAL') req.log.error({ err }, 'unhandled error');
  const lang = pickLang(req.headers['accept-language'] as string | undefined);
  return reply.status(appErr.status).send(errorBody(appErr, lang));
}
