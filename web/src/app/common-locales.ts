import type { LocaleShape } from './locale-shape.ts';

// Strings shared by the whole app (namespace "common"): frame, actions, roles, area levels.
const zh = {
  appName: '民生服务平台',
  district: '杭州市上城区',
  menu: {
    residents: '居民信息',
    orgs: '服务组织',
    servicePoints: '服务阵地',
    areas: '组织架构',
    audit: '操作日志',
    import: '数据导入',
  },
  header: {
    signOut: '退出登录',
    collapse: '收起侧栏',
    expand: '展开侧栏',
    language: '语言',
  },
  roles: {
    district_admin: '区级管理员',
    street_staff: '街道工作人员',
    community_worker: '社区工作者',
    service_provider: '服务机构',
    volunteer: '志愿者',
  },
  levels: {
    district: '区',
    street: '街道',
    community: '社区',
    village: '村',
  },
  areaPicker: {
    title: '辖区范围',
    search: '搜索街道、社区',
    all: '全部辖区',
    current: '范围：{{name}}',
    clear: '清除范围',
    formerJianggan: '原江干',
    formerJiangganHint: '2021年区划调整前属江干区',
    empty: '没有匹配的单位',
  },
  actions: {
    save: '保存',
    cancel: '取消',
    confirm: '确定',
    edit: '编辑',
    reset: '重置',
    retry: '重试',
  },
  table: {
    total: '共 {{count}} 条',
    totalLowerBound: '共 {{count}}+ 条',
  },
  state: {
    loadFailed: '加载失败：{{message}}',
    forbiddenTitle: '没有权限',
    forbidden: '您的账号没有访问此页面的权限。',
    notFoundTitle: '页面不存在',
    notFound: '找不到您要访问的页面。',
    home: '返回首页',
  },
  form: {
    required: '请填写{{field}}',
    selectRequired: '请选择{{field}}',
  },
  sex: { M: '男', F: '女' },
  untilNow: '至今',
  colon: '：',
  lang: { zh: '中文', en: 'English' },
};

const en: LocaleShape<typeof zh> = {
  appName: 'Minsheng Services',
  district: 'Shangcheng District, Hangzhou',
  menu: {
    residents: 'Residents',
    orgs: 'Organisations',
    servicePoints: 'Service points',
    areas: 'Org tree',
    audit: 'Audit log',
    import: 'Import',
  },
  header: {
    signOut: 'Sign out',
    collapse: 'Collapse side bar',
    expand: 'Expand side bar',
    language: 'Language',
  },
  roles: {
    district_admin: 'District admin',
    street_staff: 'Street staff',
    community_worker: 'Community worker',
    service_provider: 'Service provider',
    volunteer: 'Volunteer',
  },
  levels: {
    district: 'District',
    street: 'Street',
    community: 'Community',
    village: 'Village',
  },
  areaPicker: {
    title: 'Area',
    search: 'Search streets, communities',
    all: 'Whole area',
    current: 'Area: {{name}}',
    clear: 'Clear area',
    formerJianggan: 'ex-Jianggan',
    formerJiangganHint: 'Part of Jianggan District before the 2021 redistricting',
    empty: 'No matching unit',
  },
  actions: {
    save: 'Save',
    cancel: 'Cancel',
    confirm: 'OK',
    edit: 'Edit',
    reset: 'Reset',
    retry: 'Retry',
  },
  table: {
    total: '{{count}} in total',
    totalLowerBound: '{{count}}+ in total',
  },
  state: {
    loadFailed: 'Could not load: {{message}}',
    forbiddenTitle: 'No permission',
    forbidden: 'Your account may not open this page.',
    notFoundTitle: 'Page not found',
    notFound: 'The page you asked for does not exist.',
    home: 'Back to start',
  },
  form: {
    required: 'Please enter {{field}}',
    selectRequired: 'Please choose {{field}}',
  },
  sex: { M: 'Male', F: 'Female' },
  untilNow: 'present',
  colon: ': ',
  lang: { zh: '中文', en: 'English' },
};

export const commonLocales = { 'zh-CN': zh, en };
