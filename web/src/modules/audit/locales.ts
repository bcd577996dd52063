import type { LocaleShape } from '../../app/locale-shape.ts';

const zh = {
  title: '操作日志',
  note: '所有修改和查看完整身份证号的操作均留痕，时间为北京时间。',
  filters: {
    actor: '操作人用户名',
    entityType: '对象类型',
    entityId: '对象编号',
    action: '操作',
    from: '开始日期',
    to: '结束日期',
  },
  columns: {
    at: '时间',
    actor: '操作人',
    action: '操作',
    entity: '对象',
    reason: '原因',
  },
  before: '修改前',
  after: '修改后',
  empty: '（无）',
  actions: {
    user: {
      login: '登录',
      logout: '退出登录',
      login_failed: '登录失败',
      locked: '账号锁定',
      create: '新增用户',
    },
    person: {
      create: '新增居民',
      update: '修改居民信息',
      reveal_id: '查看完整身份证号',
    },
    fact: {
      add: '新增信息记录',
      close: '结束信息记录',
    },
    org: {
      create: '新增组织',
      update: '修改组织',
    },
    service_point: {
      create: '新增服务阵地',
      update: '修改服务阵地',
      close: '关闭服务阵地',
    },
    area: {
      create: '新增单位',
      rename: '单位更名',
      close: '撤销单位',
    },
    import: {
      commit: '提交导入',
    },
    demo: {
      generate: '生成演示数据',
    },
  },
  entityTypes: {
    district: '全区',
    person: '居民',
    org: '组织',
    service_point: '服务阵地',
    area: '区划单位',
    user: '用户',
    import: '导入批次',
  },
};

const en: LocaleShape<typeof zh> = {
  title: 'Audit log',
  note: 'Every change, and every view of a full ID number, is recorded. Times are Beijing time.',
  filters: {
    actor: 'User name',
    entityType: 'Object type',
    entityId: 'Object ID',
    action: 'Action',
    from: 'From',
    to: 'To',
  },
  columns: {
    at: 'Time',
    actor: 'User',
    action: 'Action',
    entity: 'Object',
    reason: 'Reason',
  },
  before: 'Before',
  after: 'After',
  empty: '(none)',
  actions: {
    user: {
      login: 'Signed in',
      logout: 'Signed out',
      login_failed: 'Failed sign-in',
      locked: 'Account locked',
      create: 'User created',
    },
    person: {
      create: 'Resident added',
      update: 'Resident changed',
      reveal_id: 'Full ID number viewed',
    },
    fact: {
      add: 'Record added',
      close: 'Record ended',
    },
    org: {
      create: 'Organisation added',
      update: 'Organisation changed',
    },
    service_point: {
      create: 'Service point added',
      update: 'Service point changed',
      close: 'Service point closed',
    },
    area: {
      create: 'Unit added',
      rename: 'Unit renamed',
      close: 'Unit closed',
    },
    import: {
      commit: 'Import committed',
    },
    demo: {
      generate: 'Demo data generated',
    },
  },
  entityTypes: {
    district: 'District',
    person: 'Resident',
    org: 'Organisation',
    service_point: 'Service point',
    area: 'Area unit',
    user: 'User',
    import: 'Import batch',
  },
};

export const auditLocales = { 'zh-CN': zh, en };
