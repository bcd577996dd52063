import type { FastifyRequest } from 'fastify';
import { type Lang, pickLang } from '../../../contracts/messages/index.ts';

/** The language to answer in: the one the request asks for (e.g. `?lang=`), else the browser's. */
export function requestLang(req: FastifyRequest, asked?: Lang): Lang {
  const header = req.headers['accept-language'];
  return asked ?? pickLang(typeof header === 'string' ? header : undefined);
}
