import type { LocaleShape } from '../../app/locale-shape.ts';

const zh = {
  title: '服务组织',
  search: '组织名称 / 信用代码',
  kind: '组织类型',
  create: '新增组织',
  edit: '编辑组织',
  created: '已新增组织',
  saved: '已保存',
  closed: '已注销',
  kinds: {
    social_org: '社会组织',
    civilized_unit: '文明单位',
    enterprise: '企业',
    school: '学校',
    government: '机关事业单位',
    party_org: '党组织',
  },
  fields: {
    name: '组织名称',
    kind: '组织类型',
    creditCode: '统一社会信用代码',
    creditCodeHint: '18位，GB 32100',
    area: '所在区域',
    address: '地址',
    contactName: '联系人',
    contactPhone: '联系电话',
  },
  actions: '操作',
};

const en: LocaleShape<typeof zh> = {
  title: 'Organisations',
  search: 'Name / credit code',
  kind: 'Kind',
  create: 'New organisation',
  edit: 'Edit organisation',
  created: 'Organisation added',
  saved: 'Saved',
  closed: 'Closed',
  kinds: {
    social_org: 'Social organisation',
    civilized_unit: 'Civilized unit',
    enterprise: 'Enterprise',
    school: 'School',
    government: 'Government body',
    party_org: 'Party organisation',
  },
  fields: {
    name: 'Name',
    kind: 'Kind',
    creditCode: 'Unified social credit code',
    creditCodeHint: '18 characters, GB 32100',
    area: 'Area',
    address: 'Address',
    contactName: 'Contact',
    contactPhone: 'Contact phone',
  },
  actions: 'Actions',
};

export const orgsLocales = { 'zh-CN': zh, en };
