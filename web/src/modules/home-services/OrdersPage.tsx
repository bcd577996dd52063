import { PhoneOutlined } from '@ant-design/icons';
import {
  Button,
  DatePicker,
  Flex,
  Input,
  Select,
  Table,
  type TableColumnsType,
  Tabs,
  Typography,
} from 'antd';
import { useTranslation } from 'react-i18next';
import {
  type HomeServiceOrder,
  ORDER_STATUSES,
  type OrderStatus,
} from '../../../../contracts/api/home-services.ts';
import { useAuth } from '../../app/auth.tsx';
import { formatDateTime, fromDay, toDay } from '../../app/format.ts';
import { PageHeader } from '../../app/PageHeader.tsx';
import { usePagination } from '../../app/pagination.ts';
import { QueryError } from '../../app/StatusPages.tsx';
import { useUrlState } from '../../app/url-state.ts';
import { AreaSelect } from '../areas/AreaSelect.tsx';
import { Money } from '../funds/money.tsx';
import { OrgSelect } from '../service-points/OrgSelect.tsx';
import { useCatalogue, useOrders } from './api.ts';
import { OrderStatusTag, useServiceLabels } from './labels.tsx';
import { OrderDrawer } from './OrderDrawer.tsx';
import { PhoneOrderDrawer } from './PhoneOrderDrawer.tsx';
import { PricesTab } from './PricesTab.tsx';

const PAGE_SIZE = 20;
const URL_KEYS = ['tab', 'status', 'service', 'org', 'area', 'from', 'to', 'q', 'order', 'taking'] as const;
type Values = Record<(typeof URL_KEYS)[number], string | undefined>;
type Update = ReturnType<typeof useUrlState<(typeof URL_KEYS)[number]>>['update'];

function OrderFilters({ values, update }: { values: Values; update: Update }) {
  const { t } = useTranslation('homeServices');
  const labels = useServiceLabels();
  const catalogue = useCatalogue();
  const hasFilters = !!(
    values.status ||
    values.service ||
    values.org ||
    values.area ||
    values.from ||
    values.to ||
    values.q
  );
  return (
    <Flex gap={8} wrap style={{ marginBottom: 12 }}>
      <Input.Search
        key={values.q ?? ''}
        defaultValue={values.q}
        placeholder={t('filters.q')}
        aria-label={t('filters.q')}
        allowClear
        maxLength={40}
        style={{ width: 150 }}
        onSearch={(q) => update({ q: q.trim() || undefined })}
      />
      <Select
        allowClear
        placeholder={t('filters.status')}
        aria-label={t('filters.status')}
        style={{ width: 120 }}
        value={values.status}
        onChange={(status) => update({ status })}
        options={ORDER_STATUSES.map((s) => ({ value: s, label: t(`statuses.${s}`) }))}
      />
      <Select
        allowClear
        placeholder={t('filters.service')}
        aria-label={t('filters.service')}
        style={{ width: 120 }}
        value={values.service}
        onChange={(service) => update({ service })}
        options={(catalogue.data ?? []).map((c) => ({ value: c.code, label: labels.service(c.code) }))}
      />
      <div style={{ width: 220, display: 'grid' }}>
        <OrgSelect
          value={values.org}
          onChange={(org) => update({ org })}
          placeholder={t('filters.provider')}
        />
      </div>
      <div style={{ width: 180 }}>
        <AreaSelect
          value={values.area}
          onChange={(area) => update({ area })}
          placeholder={t('filters.area')}
        />
      </div>
      <DatePicker.RangePicker
        style={{ width: 230 }}
        aria-label={t('filters.dates')}
        placeholder={[t('filters.from'), t('filters.to')]}
        value={[toDay(values.from) ?? null, toDay(values.to) ?? null]}
        onChange={(r) => update({ from: fromDay(r?.[0]), to: fromDay(r?.[1]) })}
      />
      {hasFilters && (
        <Button
          onClick={() =>
            update({
              status: undefined,
              service: undefined,
              org: undefined,
              area: undefined,
              from: undefined,
              to: undefined,
              q: undefined,
            })
          }
        >
          {t('common:actions.reset')}
        </Button>
      )}
    </Flex>
  );
}

function OrdersBoard({ values, page, update }: { values: Values; page: number; update: Update }) {
  const { t } = useTranslation('homeServices');
  const labels = useServiceLabels();
  const query = useOrders({
    status: values.status as OrderStatus | undefined,
    service: values.service,
    orgId: values.org,
    area: values.area,
    from: values.from,
    to: values.to,
    q: values.q,
    page,
    pageSize: PAGE_SIZE,
  });
  const pagination = usePagination(query.data, page, PAGE_SIZE, (p) => update({ page: p }));
  const open = (o: HomeServiceOrder) => update({ order: o.id, page });
  const columns: TableColumnsType<HomeServiceOrder> = [
    {
      title: t('columns.orderNo'),
      dataIndex: 'orderNo',
      width: 150,
      render: (no: string, o) => (
        <Button type="link" size="small" style={{ padding: 0 }} className="ms-mono" onClick={() => open(o)}>
          {no}
        </Button>
      ),
    },
    {
      title: t('columns.elder'),
      dataIndex: 'personName',
      width: 150,
      render: (name: string, o) => (
        <>
          {name}
          <Typography.Text type="secondary" style={{ display: 'block', fontSize: 12 }} ellipsis>
            {o.areaName}
          </Typography.Text>
        </>
      ),
    },
    {
      title: t('columns.service'),
      dataIndex: 'serviceCode',
      width: 110,
      render: (c: string) => labels.service(c),
    },
    { title: t('columns.provider'), dataIndex: 'orgName', ellipsis: true },
    {
      title: t('columns.scheduledFor'),
      dataIndex: 'scheduledFor',
      width: 140,
      render: (v: string | null) => (v ? formatDateTime(v).slice(0, 16) : '—'),
    },
    {
      title: t('columns.status'),
      dataIndex: 'status',
      width: 110,
      render: (s: OrderStatus) => <OrderStatusTag status={s} />,
    },
    {
      title: t('columns.amount'),
      dataIndex: 'amountFen',
      width: 110,
      align: 'right',
      render: (v: number) => <Money value={v} strong />,
    },
    {
      title: t('columns.credits'),
      dataIndex: 'creditsFen',
      width: 110,
      align: 'right',
      render: (v: number) => <Money value={v} />,
    },
  ];
  return (
    <>
      <OrderFilters values={values} update={update} />
      {query.error && <QueryError error={query.error} onRetry={() => void query.refetch()} />}
      <Table<HomeServiceOrder>
        rowKey="id"
        size="small"
        columns={columns}
        dataSource={query.data?.items}
        loading={query.isFetching}
        pagination={pagination}
        onRow={(o) => ({ onDoubleClick: () => open(o) })}
        locale={{ emptyText: t('list.empty') }}
      />
    </>
  );
}

/** 互联网+养老 orders: the board, the phone order, each order's timeline and money, the prices. */
export default function OrdersPage() {
  const { t } = useTranslation('homeServices');
  const { can } = useAuth();
  const { values, page, update } = useUrlState(URL_KEYS);
  const tab = values.tab ?? 'orders';
  return (
    <>
      <PageHeader
        title={t('title')}
        extra={
          can('order.take') && (
            <Button
              type="primary"
              size="large"
              icon={<PhoneOutlined />}
              onClick={() => update({ taking: '1', page })}
            >
              {t('take.button')}
            </Button>
          )
        }
      />
      <Tabs
        activeKey={tab}
        onChange={(k) => update({ tab: k === 'orders' ? undefined : k })}
        items={[
          {
            key: 'orders',
            label: t('tabs.orders'),
            children: <OrdersBoard values={values} page={page} update={update} />,
          },
          { key: 'prices', label: t('tabs.prices'), children: <PricesTab /> },
        ]}
      />
      {values.taking && (
        <PhoneOrderDrawer
          onClose={() => update({ taking: undefined, page })}
          onPlaced={(o) => update({ taking: undefined, order: o.id, tab: undefined })}
        />
      )}
      {values.order && (
        <OrderDrawer
          key={values.order}
          orderId={values.order}
          onClose={() => update({ order: undefined, page })}
        />
      )}
    </>
  );
}
