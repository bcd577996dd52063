import type { Role } from '../../../contracts/roles.ts';
import { communityCode, communityFullName, DISTRICT, STREETS, streetCode } from '../areas/index.ts';

export interface DemoLogin {
  username: string;
  password: string;
  role: Role;
  /** zh-CN label of the role, as the web app shows it */
  roleLabel: string;
  areaCode: string;
  areaLabel: string;
  displayName: string;
}

/** One shared password for every demo account (≥10 characters, letters and digits). */
export const DEMO_PASSWORD = 'Minsheng2026';

const ROLE_LABELS: Record<Role, string> = {
  district_admin: '区级管理员',
  street_staff: '街道工作人员',
  community_worker: '社区工作者',
  service_provider: '服务机构',
  volunteer: '志愿者',
};

function street(name: string): { code: string; label: string } {
  const i = STREETS.findIndex((s) => s.name === name);
  if (i < 0) throw new Error(`unknown street ${name}`);
  return { code: streetCode(i), label: name };
}

function community(streetName: string, short: string): { code: string; label: string } {
  const i = STREETS.findIndex((s) => s.name === streetName);
  const j = STREETS[i]?.communities.indexOf(short) ?? -1;
  if (i < 0 || j < 0) throw new Error(`unknown community ${streetName} ${short}`);
  return { code: communityCode(i, j), label: `${streetName} ${communityFullName(short)}` };
}

const login = (
  username: string,
  role: Role,
  area: { code: string; label: string },
  displayName: string,
): DemoLogin => ({
  username,
  password: DEMO_PASSWORD,
  role,
  roleLabel: ROLE_LABELS[role],
  areaCode: area.code,
  areaLabel: area.label,
  displayName,
});

/**
 * Every role in a few areas: the old town (湖滨街道, 涌金门社区) and a former Jianggan street
 * (采荷街道, 芙蓉社区), so scoping can be tried from both sides of the 2021 merger.
 */
export const DEMO_LOGINS: DemoLogin[] = [
  login('admin', 'district_admin', { code: DISTRICT.code, label: DISTRICT.name }, '周建华（区民政局）'),
  login('hubin', 'street_staff', street('湖滨街道'), '沈丽萍（湖滨街道）'),
  login('yongjinmen', 'community_worker', community('湖滨街道', '涌金门'), '王静（涌金门社区）'),
  login('caihe', 'street_staff', street('采荷街道'), '陈海峰（采荷街道）'),
  login('furong', 'community_worker', community('采荷街道', '芙蓉'), '俞佳怡（芙蓉社区）'),
  // Staff of 湖滨街道's elderly-care company and of its canteen operator (linked to those
  // organisations by the generator, which names them).
  login('provider', 'service_provider', street('湖滨街道'), '陈晓燕（居家养老服务机构）'),
  login('canteen', 'service_provider', street('湖滨街道'), '刘芳（老年食堂收银）'),
  login('volunteer', 'volunteer', community('湖滨街道', '涌金门'), '李思雨（志愿者）'),
];
