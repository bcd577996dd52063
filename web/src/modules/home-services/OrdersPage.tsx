import { PhoneOutlined } from '@ant-design/icons';
import { Button, type TableColumnsType, Tabs } from 'antd';
import { useTranslation } from 'react-i18next';
import {
  type HomeServiceOrder,
  ORDER_STATUSES,
  type OrderStatus,
} from '../../../../contracts/api/home-services.ts';
import { useAuth } from '../../app/auth.tsx';
import { formatDateTime } from '../../app/format.ts';
import {
  AreaFilter,
  CellNote,
  DateRangeFilter,
  FilterBar,
  QueryTable,
  SearchFilter,
  SelectFilter,
} from '../../app/ListPage.tsx';
import { PageHeader } from '../../app/PageHeader.tsx';
import { useUrlState } from '../../app/url-state.ts';
import { Money } from '../funds/money.tsx';
import { OrgSelect } from '../service-points/OrgSelect.tsx';
import { useCatalogue, useOrders } from './api.ts';
import { OrderStatusTag, useServiceLabels } from './labels.tsx';
import { OrderDrawer } from './OrderDrawer.tsx';
import { PhoneOrderDrawer } from './PhoneOrderDrawer.tsx';
import { PricesTab } from './PricesTab.tsx';

const PAGE_SIZE = 20;
const FILTER_KEYS = ['status', 'service', 'org', 'area', 'from', 'to', 'q'] as const;
const URL_KEYS = ['tab', ...FILTER_KEYS, 'order', 'taking'] as const;
type Values = Record<(typeof URL_KEYS)[number], string | undefined>;
type Update = ReturnType<typeof useUrlState<(typeof URL_KEYS)[number]>>['update'];

function OrderFilters({ values, update }: { values: Values; update: Update }) {
  const { t } = useTranslation('homeServices');
  const labels = useServiceLabels();
  const catalogue = useCatalogue();
  return (
    <FilterBar values={values} keys={FILTER_KEYS} update={update}>
      <SearchFilter label={t('filters.q')} value={values.q} onChange={(q) => update({ q })} width={150} />
      <SelectFilter
        label={t('filters.status')}
        value={values.status}
        onChange={(status) => update({ status })}
        width={120}
        options={ORDER_STATUSES.map((s) => ({ value: s, label: t(`statuses.${s}`) }))}
      />
      <SelectFilter
        label={t('filters.service')}
        value={values.service}
        onChange={(service) => update({ service })}
        width={120}
        options={(catalogue.data ?? []).map((c) => ({ value: c.code, label: labels.service(c.code) }))}
      />
      <div style={{ width: 220, display: 'grid' }}>
        <OrgSelect
          value={values.org}
          onChange={(org) => update({ org })}
          placeholder={t('filters.provider')}
        />
      </div>
      <AreaFilter
        label={t('filters.area')}
        value={values.area}
        onChange={(area) => update({ area })}
        width={180}
      />
      <DateRangeFilter
        label={t('filters.dates')}
        placeholder={[t('filters.from'), t('filters.to')]}
        value={values}
        onChange={update}
      />
    </FilterBar>
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
          <CellNote ellipsis>{o.areaName}</CellNote>
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
      <QueryTable<HomeServiceOrder>
        query={query}
        page={page}
        pageSize={PAGE_SIZE}
        onPage={(p) => update({ page: p })}
        columns={columns}
        onRow={(o) => ({ onDoubleClick: () => open(o) })}
        emptyText={t('list.empty')}
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
