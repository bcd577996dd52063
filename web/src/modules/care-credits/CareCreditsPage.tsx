import { PlayCircleOutlined, PlusOutlined, StopOutlined } from '@ant-design/icons';
import {
  Alert,
  App,
  Button,
  Card,
  Descriptions,
  Flex,
  Form,
  Input,
  InputNumber,
  Popconfirm,
  Progress,
  Table,
  type TableColumnsType,
  Tabs,
  Tag,
  Typography,
} from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { Batch, CareCreditSetting, Enrolment } from '../../../../contracts/api/care-credits.ts';
import { yuanToFen } from '../../../../contracts/money.ts';
import { useAuth } from '../../app/auth.tsx';
import { formatDateTime } from '../../app/format.ts';
import { FormErrors, useFormErrors } from '../../app/forms.tsx';
import { AreaFilter, FilterBar, QueryTable, SearchFilter } from '../../app/ListPage.tsx';
import { PageHeader } from '../../app/PageHeader.tsx';
import { QueryError } from '../../app/StatusPages.tsx';
import { useUrlState } from '../../app/url-state.ts';
import { formatMoney, Money, useLang, YuanInput, yuanRules } from '../funds/money.tsx';
import { isMonth, MonthPicker, thisMonth } from '../funds/months.tsx';
import { useAddSetting, useBatches, useCareCreditSettings, useEnrolments, useRunGrant } from './api.ts';
import { EndEnrolmentModal } from './EnrolmentModals.tsx';
import { FundsOverviewCard } from './FundsOverviewCard.tsx';

const PAGE_SIZE = 20;
const FILTER_KEYS = ['q', 'area', 'month'] as const;
const URL_KEYS = ['tab', ...FILTER_KEYS] as const;

function EnrolmentsTab({
  values,
  page,
  update,
}: {
  values: Record<(typeof URL_KEYS)[number], string | undefined>;
  page: number;
  update: ReturnType<typeof useUrlState<(typeof URL_KEYS)[number]>>['update'];
}) {
  const { t } = useTranslation('careCredits');
  const { can } = useAuth();
  const [ending, setEnding] = useState<Enrolment | null>(null);
  const query = useEnrolments({
    q: values.q,
    area: values.area,
    month: isMonth(values.month) ? values.month : undefined,
    page,
    pageSize: PAGE_SIZE,
  });
  const columns: TableColumnsType<Enrolment> = [
    {
      title: t('list.name'),
      dataIndex: 'name',
      width: 110,
      render: (name: string, e) => <Link to={`/residents/${e.personId}`}>{name}</Link>,
    },
    {
      title: t('list.idNumber'),
      dataIndex: 'idMasked',
      width: 180,
      render: (v: string) => <span className="ms-mono">{v}</span>,
    },
    { title: t('list.age'), dataIndex: 'age', width: 60, align: 'right' },
    { title: t('list.area'), dataIndex: 'areaName', ellipsis: true },
    {
      title: t('list.months'),
      key: 'months',
      width: 190,
      render: (_: unknown, e) => (
        <>
          {t('status.span', { from: e.fromMonth, to: e.toMonth ?? t('common:untilNow') })}
          {e.current && (
            <Tag color="green" style={{ marginInlineStart: 6 }}>
              {t('list.current')}
            </Tag>
          )}
        </>
      ),
    },
    {
      title: t('list.reason'),
      key: 'reason',
      ellipsis: true,
      render: (_: unknown, e) => e.endReason ?? e.reason ?? '—',
    },
    ...(can('care_credit.enrol')
      ? [
          {
            title: t('list.actions'),
            key: 'actions',
            width: 90,
            render: (_: unknown, e: Enrolment) =>
              e.toMonth ? null : (
                <Button size="small" type="link" danger icon={<StopOutlined />} onClick={() => setEnding(e)}>
                  {t('end.action')}
                </Button>
              ),
          },
        ]
      : []),
  ];
  return (
    <>
      <FilterBar values={values} keys={FILTER_KEYS} update={update}>
        <SearchFilter
          label={t('list.search')}
          value={values.q}
          onChange={(q) => update({ q })}
          width={240}
          enterButton
        />
        <AreaFilter
          label={t('list.area')}
          value={values.area}
          onChange={(area) => update({ area })}
          width={260}
        />
        <MonthPicker
          allowClear
          value={isMonth(values.month) ? values.month : undefined}
          onChange={(month) => update({ month })}
          placeholder={t('list.month')}
          aria-label={t('list.month')}
        />
      </FilterBar>
      <QueryTable<Enrolment>
        query={query}
        page={page}
        pageSize={PAGE_SIZE}
        onPage={(p) => update({ page: p })}
        columns={columns}
        emptyText={t('list.empty')}
      />
      {ending && (
        <EndEnrolmentModal
          enrolmentId={ending.id}
          name={ending.name}
          fromMonth={ending.fromMonth}
          onClose={() => setEnding(null)}
        />
      )}
    </>
  );
}

interface SettingValues {
  validFrom: string;
  monthlyYuan: string;
  expiryMonths: number;
  note?: string;
}

function SettingsTab() {
  const { t } = useTranslation('careCredits');
  const lang = useLang();
  const { can } = useAuth();
  const { message } = App.useApp();
  const query = useCareCreditSettings();
  const [adding, setAdding] = useState(false);
  const [form] = Form.useForm<SettingValues>();
  const errors = useFormErrors(form, ['validFrom', 'monthlyAmount', 'expiryMonths', 'note']);
  const add = useAddSetting();
  const submit = (v: SettingValues) =>
    add.mutate(
      {
        validFrom: v.validFrom,
        monthlyAmount: yuanToFen(v.monthlyYuan) ?? 0,
        expiryMonths: v.expiryMonths,
        note: v.note?.trim() || undefined,
      },
      {
        onSuccess: () => {
          message.success(t('settings.saved'));
          setAdding(false);
          form.resetFields();
        },
        onError: errors.report,
      },
    );
  const current = query.data?.current;
  const columns: TableColumnsType<CareCreditSetting> = [
    { title: t('settings.validFrom'), dataIndex: 'validFrom', width: 120 },
    {
      title: t('settings.monthlyAmount'),
      dataIndex: 'monthlyAmount',
      width: 150,
      align: 'right',
      render: (v: number) => <Money value={v} strong />,
    },
    {
      title: t('settings.expiry'),
      dataIndex: 'expiryMonths',
      width: 150,
      render: (m: number) => (m === 0 ? t('settings.never') : t('settings.months', { count: m })),
    },
    { title: t('settings.note'), dataIndex: 'note', ellipsis: true },
    {
      title: t('settings.createdAt'),
      dataIndex: 'createdAt',
      width: 170,
      render: (at: string) => formatDateTime(at),
    },
  ];
  return (
    <>
      {query.error && <QueryError error={query.error} onRetry={() => void query.refetch()} />}
      {current && (
        <Alert
          type="info"
          showIcon
          style={{ marginBottom: 12 }}
          title={t('settings.current', {
            amount: formatMoney(current.monthlyAmount, 'fen', lang),
            expiry:
              current.expiryMonths === 0
                ? t('settings.never')
                : t('settings.months', { count: current.expiryMonths }),
          })}
        />
      )}
      {can('care_credit.grant') && (
        <Flex justify="end" style={{ marginBottom: 8 }}>
          <Button icon={<PlusOutlined />} onClick={() => setAdding((a) => !a)}>
            {t('settings.add')}
          </Button>
        </Flex>
      )}
      {adding && (
        <Card size="small" style={{ marginBottom: 12 }} title={t('settings.addTitle')}>
          <FormErrors messages={errors.messages} />
          <Form<SettingValues>
            form={form}
            layout="inline"
            onFinish={submit}
            initialValues={{ validFrom: thisMonth(), expiryMonths: current?.expiryMonths ?? 12 }}
            style={{ rowGap: 12 }}
          >
            <Form.Item
              name="validFrom"
              label={t('settings.validFrom')}
              rules={[
                {
                  required: true,
                  message: t('common:form.selectRequired', { field: t('settings.validFrom') }),
                },
              ]}
            >
              <MonthPicker />
            </Form.Item>
            <Form.Item
              name="monthlyYuan"
              label={t('settings.monthlyAmount')}
              rules={yuanRules(t, t('settings.monthlyAmount'))}
            >
              <YuanInput style={{ width: 140 }} />
            </Form.Item>
            <Form.Item name="expiryMonths" label={t('settings.expiry')} extra={t('settings.expiryHint')}>
              <InputNumber<number> min={0} max={120} precision={0} style={{ width: 90 }} />
            </Form.Item>
            <Form.Item name="note" label={t('settings.note')}>
              <Input maxLength={500} style={{ width: 260 }} />
            </Form.Item>
            <Form.Item>
              <Button type="primary" htmlType="submit" loading={add.isPending}>
                {t('common:actions.save')}
              </Button>
            </Form.Item>
          </Form>
        </Card>
      )}
      <Table<CareCreditSetting>
        rowKey="id"
        size="small"
        columns={columns}
        dataSource={query.data?.items}
        loading={query.isFetching}
        pagination={false}
      />
    </>
  );
}

function BatchReport({ batch }: { batch: Batch }) {
  const { t } = useTranslation('careCredits');
  const r = batch.report;
  return (
    <Descriptions
      size="small"
      column={3}
      bordered
      items={[
        { key: 'month', label: t('grant.month'), children: batch.month },
        { key: 'elders', label: t('grant.elders'), children: r.elders },
        { key: 'posted', label: t('grant.postedNow'), children: r.postedNow },
        { key: 'already', label: t('grant.alreadyDone'), children: r.alreadyDone },
        { key: 'skipped', label: t('grant.skipped'), children: r.skipped },
        {
          key: 'per',
          label: t('grant.perElder'),
          children: r.monthlyAmount === null ? '—' : <Money value={r.monthlyAmount} />,
        },
        {
          key: 'amount',
          label: t('grant.amountNow'),
          children: <Money value={r.amountNow} strong size={16} />,
        },
        {
          key: 'seconds',
          label: t('grant.seconds'),
          children: r.seconds === null ? '—' : r.seconds.toFixed(1),
        },
        { key: 'status', label: t('grant.status'), children: <BatchStatus status={batch.status} /> },
        ...(r.error ? [{ key: 'error', label: t('grant.error'), children: r.error, span: 3 }] : []),
      ]}
    />
  );
}

function BatchStatus({ status }: { status: Batch['status'] }) {
  const { t } = useTranslation('careCredits');
  const color = status === 'done' ? 'green' : status === 'failed' ? 'red' : 'blue';
  return <Tag color={color}>{t(`grant.statuses.${status}`)}</Tag>;
}

function GrantTab() {
  const { t } = useTranslation('careCredits');
  const { message } = App.useApp();
  const [month, setMonth] = useState(thisMonth());
  const run = useRunGrant();
  const batches = useBatches({ kind: 'grant', pageSize: 12 }, { polling: run.isPending });
  const running = batches.data?.items.find((b) => b.status === 'running' && b.month === month);
  const columns: TableColumnsType<Batch> = [
    { title: t('grant.month'), dataIndex: 'month', width: 90 },
    {
      title: t('grant.status'),
      dataIndex: 'status',
      width: 90,
      render: (s: Batch['status']) => <BatchStatus status={s} />,
    },
    { title: t('grant.elders'), dataIndex: 'processed', width: 90, align: 'right' },
    { title: t('grant.postedNow'), dataIndex: 'credited', width: 100, align: 'right' },
    {
      title: t('grant.amountNow'),
      dataIndex: 'amount',
      width: 140,
      align: 'right',
      render: (v: number) => <Money value={v} />,
    },
    { title: t('grant.startedAt'), dataIndex: 'startedAt', render: (at: string) => formatDateTime(at) },
  ];
  return (
    <>
      <FundsOverviewCard />
      <Card size="small" title={t('grant.title')} style={{ marginBottom: 12 }}>
        <Flex gap={12} align="center" wrap style={{ marginBottom: 12 }}>
          <span>{t('grant.month')}</span>
          <MonthPicker value={month} onChange={(m) => m && setMonth(m)} maxMonth={thisMonth()} />
          <Popconfirm
            title={t('grant.confirm', { month })}
            description={t('grant.confirmNote')}
            okText={t('grant.run')}
            cancelText={t('common:actions.cancel')}
            onConfirm={() =>
              run.mutate(
                { month },
                {
                  onSuccess: (b) =>
                    message.success(t('grant.done', { month: b.month, count: b.report.postedNow })),
                },
              )
            }
          >
            <Button type="primary" icon={<PlayCircleOutlined />} loading={run.isPending}>
              {t('grant.run')}
            </Button>
          </Popconfirm>
          <Typography.Text type="secondary">{t('grant.hint')}</Typography.Text>
        </Flex>
        {run.isPending && (
          <Progress
            percent={running && running.total > 0 ? Math.floor((running.processed * 100) / running.total) : 0}
            status="active"
            format={() =>
              running
                ? t('grant.progress', { done: running.processed, total: running.total })
                : t('grant.starting')
            }
          />
        )}
        {run.error && <QueryError error={run.error} />}
        {run.data && !run.isPending && <BatchReport batch={run.data} />}
      </Card>
      <Card size="small" title={t('grant.history')}>
        {batches.error && <QueryError error={batches.error} onRetry={() => void batches.refetch()} />}
        <Table<Batch>
          rowKey="id"
          size="small"
          columns={columns}
          dataSource={batches.data?.items}
          pagination={false}
          expandable={{ expandedRowRender: (b) => <BatchReport batch={b} /> }}
        />
      </Card>
    </>
  );
}

/** The 重阳分 programme: who is on the list, the monthly standard, and the month's grant. */
export default function CareCreditsPage() {
  const { t } = useTranslation('careCredits');
  const { can } = useAuth();
  const { values, page, update } = useUrlState(URL_KEYS);
  const isDistrict = can('care_credit.grant');
  const tab = values.tab ?? 'enrolments';
  return (
    <>
      <PageHeader title={t('title')} />
      <Tabs
        activeKey={tab}
        onChange={(k) =>
          update({ tab: k === 'enrolments' ? undefined : k, q: undefined, area: undefined, month: undefined })
        }
        items={[
          {
            key: 'enrolments',
            label: t('tabs.enrolments'),
            children: <EnrolmentsTab values={values} page={page} update={update} />,
          },
          { key: 'settings', label: t('tabs.settings'), children: <SettingsTab /> },
          ...(isDistrict ? [{ key: 'grant', label: t('tabs.grant'), children: <GrantTab /> }] : []),
        ]}
      />
    </>
  );
}
