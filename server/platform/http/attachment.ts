import type { FastifyReply } from 'fastify';

export const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
export const PDF_TYPE = 'application/pdf';

/**
 * A file for the browser to save: `name` in UTF-8 and an ASCII `fallbackName` for clients that
 * cannot read it (RFC 6266 / 5987).
 */
export function sendAttachment(
  reply: FastifyReply,
  file: { type: string; name: string; fallbackName: string },
  content: Buffer | string,
) {
  return reply
    .header('content-type', file.type)
    .header(
      'content-disposition',
      `attachment; filename="${file.fallbackName}"; filename*=UTF-8''${encodeURIComponent(file.name)}`,
    )
    .send(content);
}
