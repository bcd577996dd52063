import { CheckCircleFilled, DownloadOutlined, FileAddOutlined, WarningFilled } from '@ant-design/icons';
import {
  Alert,
  App,
  Button,
  Card,
  Col,
  Flex,
  Popconfirm,
  Result,
  Row,
  Table,
  type TableColumnsType,
  Tabs,
} from 'antd';
import { useTranslation } from 'react-i18next';
import {
  type Reconciliation,
  STATEMENT_STATUSES,
  type StatementStatus,
  type StatementView,
} from '../../../../contracts/api/settlement.ts';
import { useAuth } from '../../app/auth.tsx';
import { formatDateTime } from '../../app/format.ts';
import { AreaFilter, CellNote, FilterBar, QueryTable, SelectFilter } from '../../app/ListPage.tsx';
import { PageHeader } from '../../app/PageHeader.tsx';
import { QueryError } from '../../app/StatusPages.tsx';
import { useUrlState } from '../../app/url-state.ts';
import { formatMoney, Money, MoneyStat, useLang } from '../funds/money.tsx';
import { addMonths, isMonth, MonthPicker, thisMonth } from '../funds/months.tsx';
import { monthXlsxUrl, useGenerate, useReconciliation, useStatements } from './api.ts';
import { StatementDrawer, StatementStatusTag } from './StatementDrawer.tsx';

const PAGE_SIZE = 20;
const FILTER_KEYS = ['status', 'area'] as const;
const URL_KEYS = ['month', ...FILTER_KEYS, 'tab', 'statement'] as const;
type Values = Record<(typeof URL_KEYS)[number], string | undefined>;
type Update = ReturnType<typeof useUrlState<(typeof URL_KEYS)[number]>>['update'];

function StatementsTab({
  month,
  values,
  page,
  update,
}: {
  month: string;
  values: Values;
  page: number;
  update: Update;
}) {
  const { t } = useTranslation('settlement');
  const query = useStatements({
    month,
    status: values.status as StatementStatus | undefined,
    area: values.area,
    page,
    pageSize: PAGE_SIZE,
  });
  const open = (s: StatementView) => update({ statement: s.id, page });
  const columns: TableColumnsType<StatementView> = [
    {
      title: t('columns.provider'),
      dataIndex: 'orgName',
      ellipsis: true,
      render: (name: string, s) => (
        <>
          <Button type="link" size="small" style={{ padding: 0, height: 'auto' }} onClick={() => open(s)}>
            {name}
          </Button>
          <CellNote ellipsis>{s.areaName}</CellNote>
        </>
      ),
    },
    {
      title: t('columns.orders'),
      key: 'orders',
      width: 150,
      align: 'right',
      render: (_: unknown, s) => (
        <>
          <Money value={s.ordersCreditsFen} />
          <CellNote>{t('columns.count', { count: s.ordersCount })}</CellNote>
        </>
      ),
    },
    {
      title: t('columns.meals'),
      key: 'meals',
      width: 150,
      align: 'right',
      render: (_: unknown, s) => (
        <>
          <Money value={s.mealsSubsidyFen} />
          <CellNote>{t('columns.count', { count: s.mealsCount })}</CellNote>
        </>
      ),
    },
    {
      title: t('columns.adjustments'),
      dataIndex: 'adjustmentsFen',
      width: 110,
      align: 'right',
      render: (v: number) => <Money value={v} />,
    },
    {
      title: t('columns.total'),
      dataIndex: 'totalFen',
      width: 150,
      align: 'right',
      render: (v: number) => <Money value={v} strong size={16} />,
    },
    {
      title: t('columns.status'),
      dataIndex: 'status',
      width: 90,
      render: (st: StatementStatus) => <StatementStatusTag status={st} />,
    },
  ];
  return (
    <>
      <FilterBar values={values} keys={FILTER_KEYS} update={update}>
        <SelectFilter
          label={t('filters.status')}
          value={values.status}
          onChange={(status) => update({ status })}
          width={130}
          options={STATEMENT_STATUSES.map((s) => ({ value: s, label: t(`statuses.${s}`) }))}
        />
        <AreaFilter
          label={t('filters.area')}
          value={values.area}
          onChange={(area) => update({ area })}
          width={240}
        />
      </FilterBar>
      <QueryTable<StatementView>
        query={query}
        page={page}
        pageSize={PAGE_SIZE}
        onPage={(p) => update({ page: p })}
        columns={columns}
        onRow={(s) => ({ onDoubleClick: () => open(s) })}
        emptyText={t('list.empty', { month })}
      />
    </>
  );
}

const diffStyle = (fen: number) => (fen === 0 ? undefined : { color: '#cf1322', fontWeight: 600 });

function ReconciliationView({ data }: { data: Reconciliation }) {
  const { t } = useTranslation('settlement');
  const lang = useLang();
  const d = data.district;
  const orgColumns: TableColumnsType<Reconciliation['orgs'][number]> = [
    { title: t('columns.provider'), dataIndex: 'orgName', ellipsis: true },
    {
      title: t('columns.status'),
      dataIndex: 'status',
      width: 90,
      render: (s: StatementStatus | null) => (s ? <StatementStatusTag status={s} /> : t('recon.noStatement')),
    },
    {
      title: t('recon.statement'),
      dataIndex: 'statementTotalFen',
      width: 130,
      align: 'right',
      render: (v: number | null) => (v === null ? '—' : <Money value={v} />),
    },
    {
      title: t('recon.lines'),
      dataIndex: 'linesTotalFen',
      width: 130,
      align: 'right',
      render: (v: number | null) => (v === null ? '—' : <Money value={v} />),
    },
    {
      title: t('recon.ledger'),
      dataIndex: 'ledgerNetFen',
      width: 130,
      align: 'right',
      render: (v: number) => <Money value={v} />,
    },
    {
      title: t('recon.difference'),
      dataIndex: 'differenceFen',
      width: 120,
      align: 'right',
      render: (v: number) => <Money value={v} style={diffStyle(v)} />,
    },
    {
      title: '',
      dataIndex: 'ok',
      width: 40,
      render: (ok: boolean) =>
        ok ? (
          <CheckCircleFilled style={{ color: '#52c41a' }} />
        ) : (
          <WarningFilled style={{ color: '#cf1322' }} />
        ),
    },
  ];
  const payoutColumns: TableColumnsType<Reconciliation['payouts'][number]> = [
    { title: t('columns.provider'), dataIndex: 'orgName', ellipsis: true },
    {
      title: t('recon.statements'),
      dataIndex: 'statementsTotalFen',
      width: 140,
      align: 'right',
      render: (v: number) => <Money value={v} />,
    },
    {
      title: t('recon.transfer'),
      dataIndex: 'transferAmountFen',
      width: 140,
      align: 'right',
      render: (v: number | null) => (v === null ? t('recon.noTransfer') : <Money value={v} />),
    },
    {
      title: t('recon.difference'),
      dataIndex: 'differenceFen',
      width: 120,
      align: 'right',
      render: (v: number) => <Money value={v} style={diffStyle(v)} />,
    },
  ];
  return (
    <>
      {data.ok ? (
        <Result
          status="success"
          title={t('recon.ok')}
          subTitle={t('recon.okNote', { month: data.month, at: formatDateTime(data.at) })}
          style={{ padding: '16px 0' }}
        />
      ) : (
        <Alert
          type="error"
          showIcon
          style={{ marginBottom: 12 }}
          title={t('recon.broken')}
          description={
            d.orgsWithoutStatement > 0
              ? t('recon.withoutStatement', { count: d.orgsWithoutStatement })
              : undefined
          }
        />
      )}
      <Card size="small" style={{ marginBottom: 12 }}>
        <Row gutter={16}>
          <Col span={6}>
            <MoneyStat title={t('recon.statementsTotal')} value={d.statementsTotalFen} />
          </Col>
          <Col span={6}>
            <MoneyStat title={t('recon.ledgerNet')} value={d.ledgerNetFen} />
          </Col>
          <Col span={6}>
            <MoneyStat
              title={t('recon.difference')}
              value={d.differenceFen}
              tone={d.differenceFen === 0 ? 'good' : 'warn'}
            />
          </Col>
          <Col span={6}>
            <MoneyStat
              title={t('recon.ledgerMoves')}
              value={d.ledgerCreditsFen}
              note={t('recon.debits', { amount: formatMoney(d.ledgerDebitsFen, 'fen', lang) })}
              tone="muted"
            />
          </Col>
        </Row>
      </Card>
      <Card size="small" title={t('recon.byProvider')} style={{ marginBottom: 12 }}>
        <Table
          rowKey="orgId"
          size="small"
          columns={orgColumns}
          dataSource={data.orgs}
          pagination={{ pageSize: 10, showSizeChanger: false, hideOnSinglePage: true }}
          onRow={(r) => ({ style: r.ok ? undefined : { background: '#fff1f0' } })}
        />
      </Card>
      <Card size="small" title={t('recon.payouts')}>
        <Table
          rowKey={(r) => r.transferId ?? `${r.orgId}-${r.statementIds.join(',')}`}
          size="small"
          columns={payoutColumns}
          dataSource={data.payouts}
          pagination={false}
          onRow={(r) => ({ style: r.ok ? undefined : { background: '#fff1f0' } })}
          locale={{ emptyText: t('recon.noPayouts') }}
        />
      </Card>
    </>
  );
}

function ReconciliationTab({ month }: { month: string }) {
  const query = useReconciliation(month, true);
  return (
    <>
      {query.error && <QueryError error={query.error} onRetry={() => void query.refetch()} />}
      {query.data && <ReconciliationView data={query.data} />}
    </>
  );
}

/** 服务结算: each provider's monthly statement, approval and payment, and the reconciliation. */
export default function SettlementPage() {
  const { t } = useTranslation('settlement');
  const { can } = useAuth();
  const { message } = App.useApp();
  const lang = useLang();
  const { values, page, update } = useUrlState(URL_KEYS);
  // The month just ended is the one to settle.
  const month = isMonth(values.month) ? values.month : addMonths(thisMonth(), -1);
  const generate = useGenerate();
  const approver = can('settlement.approve');
  const tab = values.tab ?? 'statements';
  return (
    <>
      <PageHeader
        title={t('title')}
        note={
          <MonthPicker
            value={month}
            onChange={(m) => update({ month: m })}
            maxMonth={thisMonth()}
            aria-label={t('filters.month')}
          />
        }
        extra={
          <Flex gap={8}>
            <a href={monthXlsxUrl(month, lang)} download>
              <Button icon={<DownloadOutlined />}>{t('actions.exportMonth')}</Button>
            </a>
            {approver && (
              <Popconfirm
                title={t('actions.generateTitle', { month })}
                description={t('actions.generateNote')}
                okText={t('actions.generate')}
                cancelText={t('common:actions.cancel')}
                onConfirm={() =>
                  generate.mutate(
                    { month },
                    {
                      onSuccess: (r) => message.success(t('actions.generated', r)),
                      onError: (e) => message.error(e.message),
                    },
                  )
                }
              >
                <Button type="primary" icon={<FileAddOutlined />} loading={generate.isPending}>
                  {t('actions.generate')}
                </Button>
              </Popconfirm>
            )}
          </Flex>
        }
      />
      <Tabs
        activeKey={tab}
        onChange={(k) => update({ tab: k === 'statements' ? undefined : k })}
        items={[
          {
            key: 'statements',
            label: t('tabs.statements'),
            children: <StatementsTab month={month} values={values} page={page} update={update} />,
          },
          ...(approver
            ? [
                {
                  key: 'reconciliation',
                  label: t('tabs.reconciliation'),
                  children: <ReconciliationTab month={month} />,
                },
              ]
            : []),
        ]}
      />
      {values.statement && (
        <StatementDrawer
          key={values.statement}
          id={values.statement}
          onClose={() => update({ statement: undefined, page })}
        />
      )}
    </>
  );
}
