import { z } from 'zod';
import { PERMISSIONS, ROLES } from '../roles.ts';

export const loginBody = z.object({
  username: z.string().trim().min(1, { message: 'FIELD_REQUIRED' }).max(64),
  password: z.string().min(1, { message: 'FIELD_REQUIRED' }).max(200),
});

export const grantSchema = z.object({ role: z.enum(ROLES), areaCode: z.string(), areaName: z.string() });
export const meSchema = z.object({
  id: z.string(),
  username: z.string(),
  displayName: z.string(),
  grants: z.array(grantSchema),
  permissions: z.array(z.enum(PERMISSIONS)),
  csrfToken: z.string(),
});
export type Me = z.infer<typeof meSchema>;
