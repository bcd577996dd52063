/**
 * Roles are granted on an area of the org tree (district, street or community); a grant reaches
 * that area and everything below it. What each role may do is this table, nothing else.
 */
export const ROLES = [
  'district_admin',
  'street_staff',
  'community_worker',
  'service_provider',
  'volunteer',
] as const;
export type Role = (typeof ROLES)[number];

export const PERMISSIONS = [
  'area.read',
  'area.manage',
  'person.read',
  'person.write',
  'person.reveal_id',
  'person.sensitive_read',
  'org.read',
  'org.write',
  'service_point.read',
  'service_point.write',
  'import.run',
  'audit.read',
  'user.manage',
] as const;
export type Permission = (typeof PERMISSIONS)[number];

export const ROLE_PERMISSIONS: Record<Role, readonly Permission[]> = {
  district_admin: PERMISSIONS,
  street_staff: [
    'area.read',
    'person.read',
    'person.write',
    'person.reveal_id',
    'person.sensitive_read',
    'org.read',
    'org.write',
    'service_point.read',
    'service_point.write',
    'import.run',
    'audit.read',
  ],
  community_worker: [
    'area.read',
    'person.read',
    'person.write',
    'person.reveal_id',
    'person.sensitive_read',
    'org.read',
    'service_point.read',
    'import.run',
  ],
  // Providers see the residents they serve in their area, masked, without sensitive facts.
  service_provider: ['area.read', 'person.read', 'org.read', 'service_point.read'],
  volunteer: ['area.read', 'org.read', 'service_point.read'],
};

export function roleHas(role: Role, permission: Permission): boolean {
  return ROLE_PERMISSIONS[role].includes(permission);
}
