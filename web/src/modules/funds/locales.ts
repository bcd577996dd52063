import type { LocaleShape } from '../../app/locale-shape.ts';

// The value ledger as people read it: programme funds, statements of accounts, money inputs.
const zh = {
  title: '项目资金',
  funds: {
    issuedNet: '累计发放（净额）',
    payouts: '区级结算付款账户',
    paidOut: '累计已付服务机构',
    transfers: '共 {{count}} 笔记账',
    none: '还没有项目资金账户',
    noPayouts: '尚未向服务机构付款',
  },
  receivables: {
    title: '服务机构应收结算款',
    note: '待月度结算付款的金额',
    provider: '服务机构',
    owed: '应收余额',
    transfers: '记账笔数',
  },
  account: {
    balance: '余额',
    available: '可用',
    held: '冻结中',
  },
  entries: {
    open: '查看明细',
    seq: '序号',
    at: '时间',
    what: '摘要',
    counterparty: '对方',
    amount: '金额',
    balance: '余额',
    empty: '暂无记账',
    page: '第 {{page}} 页',
    newer: '较新',
    older: '较早',
  },
  flags: {
    posted: '入账',
    pending: '冻结',
    post: '扣款',
    void: '解冻',
  },
  check: {
    title: '账务平衡检查',
    run: '运行检查',
    hint: '逐户核对余额与流水、借贷平衡和不透支规则。',
    ok: '账务平衡：全部检查通过',
    broken: '发现 {{count}} 处不一致',
    unitLine: '{{unit}}：{{accounts}} 个账户，{{transfers}} 笔记账',
  },
  units: {
    fen: '金额',
    point: '积分',
  },
  money: {
    invalid: '请填写金额（元），最多两位小数',
    tooSmall: '金额至少为 {{min}}',
  },
};

const en: LocaleShape<typeof zh> = {
  title: 'Programme funds',
  funds: {
    issuedNet: 'Issued (net)',
    payouts: 'District payouts account',
    paidOut: 'Paid to providers',
    transfers: 'Transfers: {{count}}',
    none: 'No programme fund accounts yet',
    noPayouts: 'Nothing paid to providers yet',
  },
  receivables: {
    title: 'Providers’ receivables',
    note: 'Owed until the monthly statement is paid',
    provider: 'Provider',
    owed: 'Owed',
    transfers: 'Transfers',
  },
  account: {
    balance: 'Balance',
    available: 'Available',
    held: 'Held',
  },
  entries: {
    open: 'Statement',
    seq: 'No.',
    at: 'Time',
    what: 'Description',
    counterparty: 'Counterparty',
    amount: 'Amount',
    balance: 'Balance',
    empty: 'No transfers yet',
    page: 'Page {{page}}',
    newer: 'Newer',
    older: 'Older',
  },
  flags: {
    posted: 'Posted',
    pending: 'Held',
    post: 'Captured',
    void: 'Released',
  },
  check: {
    title: 'Ledger balance check',
    run: 'Run check',
    hint: 'Checks every account’s sums against its transfers, that each unit sums to zero, and that no account is overdrawn.',
    ok: 'The ledger balances: every check passed',
    broken: 'Inconsistencies found: {{count}}',
    unitLine: '{{unit}}: {{accounts}} accounts, {{transfers}} transfers',
  },
  units: {
    fen: 'Money',
    point: 'Points',
  },
  money: {
    invalid: 'Enter an amount in yuan with at most two decimals',
    tooSmall: 'The amount must be at least {{min}}',
  },
};

export const fundsLocales = { 'zh-CN': zh, en };
