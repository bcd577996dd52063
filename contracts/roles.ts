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
  // value ledger and elderly services
  'ledger.read',
  'ledger.adjust',
  'care_credit.enrol',
  'care_credit.grant',
  'order.read',
  'order.take',
  'order.serve',
  'meal.sell',
  'meal.manage',
  'settlement.read',
  'settlement.approve',
  // volunteer service and needs matching
  'volunteer.read',
  'volunteer.write',
  'need.read',
  'need.post',
  'need.claim',
  'activity.manage',
  'activity.join',
  'record.review',
  'points.redeem',
  'points.manage',
  'figures.read',
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
    'ledger.read',
    'care_credit.enrol',
    'order.read',
    'order.take',
    'settlement.read',
    'volunteer.read',
    'volunteer.write',
    'need.read',
    'need.post',
    'activity.manage',
    'record.review',
    'figures.read',
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
    'ledger.read',
    'care_credit.enrol',
    'order.read',
    'order.take',
    'volunteer.read',
    'volunteer.write',
    'need.read',
    'need.post',
    'activity.manage',
    'record.review',
    'figures.read',
  ],
  // Providers see the residents they serve in their area, masked, without sensitive facts.
  // A provider's staff act for their organisation (org_members): its orders, till and statements.
  service_provider: [
    'area.read',
    'person.read',
    'org.read',
    'service_point.read',
    'order.read',
    'order.serve',
    'meal.sell',
    'settlement.read',
    'volunteer.read',
    'need.read',
    'need.claim',
    'activity.manage',
    'record.review',
    'points.redeem',
  ],
  // A volunteer acts for themself: their own record, sign-ups, check-ins, hours and points.
  volunteer: ['area.read', 'org.read', 'service_point.read', 'need.read', 'need.claim', 'activity.join'],
};

export function roleHas(role: Role, permission: Permission): boolean {
  return ROLE_PERMISSIONS[role].includes(permission);
}
