import { z } from 'zod';
import { ORG_KINDS, SERVICE_POINT_TYPES } from '../domain.ts';
import { areaCode, paged, pageQuery, uuid } from './common.ts';

export const orgSchema = z.object({
  id: z.string(),
  name: z.string(),
  kind: z.enum(ORG_KINDS),
  creditCode: z.string(),
  areaCode: z.string(),
  areaName: z.string(),
  address: z.string().nullable(),
  contactName: z.string().nullable(),
  contactPhone: z.string().nullable(),
  closedOn: z.string().nullable(),
  version: z.number().int(),
});
export type Org = z.infer<typeof orgSchema>;

export const orgBody = z.object({
  name: z.string().trim().min(1, { message: 'FIELD_REQUIRED' }).max(100),
  kind: z.enum(ORG_KINDS, { message: 'FIELD_ENUM' }),
  creditCode: z.string({ message: 'CREDIT_CODE_EMPTY' }),
  areaCode,
  address: z.string().trim().max(200).optional(),
  contactName: z.string().trim().max(40).optional(),
  contactPhone: z.string().optional(),
});
export const updateOrgBody = orgBody.partial().extend({ version: z.number().int() });
export const listOrgsQuery = pageQuery.extend({
  q: z.string().trim().max(40).optional(),
  area: z
    .string()
    .regex(/^\d{6,12}$/)
    .optional(),
  kind: z.enum(ORG_KINDS).optional(),
});
export const orgsPage = paged(orgSchema);

/** Weekly opening hours: days 1 (Mon) – 7 (Sun), HH:MM open and close. */
export const openingHoursSchema = z.array(
  z.object({
    days: z.array(z.number().int().min(1).max(7)).min(1),
    open: z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, { message: 'OPENING_HOURS_INVALID' }),
    close: z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$|^24:00$/, { message: 'OPENING_HOURS_INVALID' }),
  }),
);
export type OpeningHours = z.infer<typeof openingHoursSchema>;

export const servicePointSchema = z.object({
  id: z.string(),
  name: z.string(),
  type: z.enum(SERVICE_POINT_TYPES),
  areaCode: z.string(),
  areaName: z.string(),
  address: z.string(),
  lat: z.number().nullable(),
  lng: z.number().nullable(),
  openingHours: openingHoursSchema,
  orgId: z.string().nullable(),
  orgName: z.string().nullable(),
  closedOn: z.string().nullable(),
  version: z.number().int(),
});
export type ServicePoint = z.infer<typeof servicePointSchema>;

export const servicePointBody = z.object({
  name: z.string().trim().min(1, { message: 'FIELD_REQUIRED' }).max(100),
  type: z.enum(SERVICE_POINT_TYPES, { message: 'FIELD_ENUM' }),
  areaCode,
  address: z.string().trim().min(1, { message: 'FIELD_REQUIRED' }).max(200),
  lat: z.number().nullable().optional(),
  lng: z.number().nullable().optional(),
  openingHours: openingHoursSchema.default([]),
  orgId: uuid.nullable().optional(),
});
export const updateServicePointBody = servicePointBody.partial().extend({ version: z.number().int() });
export const listServicePointsQuery = pageQuery.extend({
  q: z.string().trim().max(40).optional(),
  area: z
    .string()
    .regex(/^\d{6,12}$/)
    .optional(),
  type: z.enum(SERVICE_POINT_TYPES).optional(),
  includeClosed: z.stringbool().optional(),
});
export const servicePointsPage = paged(servicePointSchema);
