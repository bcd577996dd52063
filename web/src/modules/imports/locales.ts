import type { LocaleShape } from '../../app/locale-shape.ts';

// The importer's strings (namespace "imports").
const zh = {
  title: '导入居民',
  note: '先校验全部行，没有错误才写入；写入要么全部成功，要么一条也不写。',
  template: '下载模板（CSV）',
  upload: {
    hint: '点击或把文件拖到这里上传',
    types: '支持 .csv（UTF-8 或 GBK）和 .xlsx（读取第一个工作表）',
    uploading: '正在上传…',
  },
  help: {
    title: '填写说明',
    required:
      '必填列：姓名、身份证号、户籍、居住社区。可选列：联系电话、所属街道、居住地址、与户主关系、户号。',
    hukou: '户籍填“本区”或“非本区”（也可填“是/否”或户籍地址）。',
    community:
      '居住社区填社区名称（如“涌金门社区”或“涌金门”）、“街道+社区”或 12 位区划代码；重名社区（如“兴隆”）须写明所属街道。',
    household:
      '同一户的成员填相同的户号，其中一人的与户主关系为“本人”；关系可填：本人、配偶、子女、父母、孙子女、兄弟姐妹、其他。',
  },
  progress: {
    validating: '正在校验',
    counter: '校验 {{done}}/{{total}}',
    committing: '正在写入，请勿关闭页面…',
  },
  status: {
    validating: '校验中',
    validated: '待确认',
    invalid: '有错误',
    committed: '已导入',
    failed: '失败',
  },
  report: {
    bad: '{{rows}} 行有误，未写入任何数据',
    badNote: '请在文件中改正下列问题后重新上传。',
    truncated: '仅列出前 {{shown}} 条问题。',
    clean: '共 {{total}} 行，全部校验通过',
    cleanNote: '确认后将一次性写入全部数据。',
    columns: {
      line: '行号',
      column: '列',
      value: '值',
      reason: '原因',
    },
  },
  duplicates: {
    title: '{{rows}} 行的身份证号已登记',
    choose: '对已登记的居民：',
    update: '更新',
    skip: '跳过',
    updateNote: '用文件中的内容更新姓名、户籍、居住社区等；空白的可选列保留原值。',
    skipNote: '保留原有信息，只导入新居民。',
    outOfScope: '辖区外，将跳过',
    truncated: '仅列出前 {{shown}} 行。',
    columns: {
      line: '行号',
      name: '姓名',
      idMasked: '身份证号',
      area: '已登记于',
    },
  },
  commit: '确认导入',
  again: '继续导入',
  result: {
    title: '导入完成',
    summary: '新增 {{inserted}} 人，更新 {{updated}} 人，跳过 {{skipped}} 人',
  },
  failed: '导入失败，未写入任何数据',
  recent: {
    title: '最近导入',
    empty: '暂无导入记录',
    columns: {
      createdAt: '时间',
      fileName: '文件',
      status: '状态',
      rows: '行数',
      result: '新增 / 更新 / 跳过',
    },
    open: '查看',
  },
};

const en: LocaleShape<typeof zh> = {
  title: 'Import residents',
  note: 'Every row is checked first; only a file without errors is written, and then all of it or nothing.',
  template: 'Download template (CSV)',
  upload: {
    hint: 'Click or drag a file here to upload',
    types: '.csv (UTF-8 or GBK) and .xlsx (first sheet) are accepted',
    uploading: 'Uploading…',
  },
  help: {
    title: 'How to fill in the file',
    required:
      'Required columns: name, ID number, hukou, community. Optional: phone, street, address, relation to head, household no.',
    hukou:
      'Hukou: “本区” (Shangcheng) or “非本区” (elsewhere); “是/否” or the registration address also work.',
    community:
      'Community: its name (“涌金门社区” or “涌金门”), “street + community”, or the 12-digit code; names found in two streets (such as “兴隆”) need the street.',
    household:
      'Members of one household share a household no., and one of them has the relation “本人”. Relations: 本人, 配偶, 子女, 父母, 孙子女, 兄弟姐妹, 其他.',
  },
  progress: {
    validating: 'Validating',
    counter: 'Validating {{done}}/{{total}}',
    committing: 'Writing; please keep this page open…',
  },
  status: {
    validating: 'Validating',
    validated: 'To confirm',
    invalid: 'Has errors',
    committed: 'Imported',
    failed: 'Failed',
  },
  report: {
    bad: 'Bad rows: {{rows}}; nothing was written',
    badNote: 'Fix these problems in the file and upload it again.',
    truncated: 'Only the first {{shown}} problems are listed.',
    clean: 'Rows: {{total}}, all valid',
    cleanNote: 'Confirm to write all of them at once.',
    columns: {
      line: 'Line',
      column: 'Column',
      value: 'Value',
      reason: 'Reason',
    },
  },
  duplicates: {
    title: 'Rows with an ID number already registered: {{rows}}',
    choose: 'For registered residents:',
    update: 'Update',
    skip: 'Skip',
    updateNote:
      'Name, hukou, community and so on are updated from the file; blank optional cells keep what is held.',
    skipNote: 'Keep what is held and import only new residents.',
    outOfScope: 'Outside your area: skipped',
    truncated: 'Only the first {{shown}} rows are listed.',
    columns: {
      line: 'Line',
      name: 'Name',
      idMasked: 'ID number',
      area: 'Registered in',
    },
  },
  commit: 'Confirm import',
  again: 'Import another file',
  result: {
    title: 'Import finished',
    summary: '{{inserted}} added, {{updated}} updated, {{skipped}} skipped',
  },
  failed: 'The import failed; nothing was written',
  recent: {
    title: 'Recent imports',
    empty: 'No imports yet',
    columns: {
      createdAt: 'Time',
      fileName: 'File',
      status: 'Status',
      rows: 'Rows',
      result: 'Added / updated / skipped',
    },
    open: 'Open',
  },
};

export const importsLocales = { 'zh-CN': zh, en };
