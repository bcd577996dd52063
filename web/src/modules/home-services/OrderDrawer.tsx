import {
  CheckCircleOutlined,
  CloseCircleOutlined,
  LoginOutlined,
  LogoutOutlined,
  StarOutlined,
  ThunderboltOutlined,
} from '@ant-design/icons';
import {
  App,
  Button,
  Card,
  Descriptions,
  Drawer,
  Flex,
  Form,
  Input,
  InputNumber,
  Popconfirm,
  Rate,
  Space,
  Table,
  type TableColumnsType,
  Tag,
  Timeline,
  Typography,
} from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { HomeServiceOrderDetail } from '../../../../contracts/api/home-services.ts';
import { TRANSFER_CODE_LABELS, type TransferView } from '../../../../contracts/api/ledger.ts';
import { useAuth } from '../../app/auth.tsx';
import { FormModal, useFieldRules } from '../../app/FormDialog.tsx';
import { formatDateTime } from '../../app/format.ts';
import { PageSpinner } from '../../app/PageSpinner.tsx';
import { QueryError } from '../../app/StatusPages.tsx';
import { formatMoney, Money, MoneyStat, pickLabel, useLang } from '../funds/money.tsx';
import { useOrder, useOrderAction } from './api.ts';
import { OrderStatusTag, useServiceLabels } from './labels.tsx';

type Order = HomeServiceOrderDetail;

function CheckOutModal({ order, onClose }: { order: Order; onClose: () => void }) {
  const { t } = useTranslation('homeServices');
  const rules = useFieldRules();
  const checkOut = useOrderAction(order.id, 'check-out');
  const perHour = order.unit === 'per_hour';
  // The visit's length so far, at least a minute: a visit recorded at once still lasted a while.
  const since = order.checkInAt
    ? Math.min(720, Math.max(1, Math.round((Date.now() - Date.parse(order.checkInAt)) / 60_000)))
    : 60;
  return (
    <FormModal<{ durationMinutes?: number }>
      title={t('actions.checkOut')}
      okText={t('actions.checkOut')}
      fields={['durationMinutes']}
      initialValues={{ durationMinutes: since }}
      onSubmit={(v) => checkOut.mutateAsync({ version: order.version, durationMinutes: v.durationMinutes })}
      success={() => t('done.checkOut')}
      onClose={onClose}
    >
      <Form.Item
        name="durationMinutes"
        label={t('detail.duration')}
        extra={perHour ? t('actions.durationHint') : t('actions.durationPerVisit')}
        rules={rules.required(t('detail.duration'))}
      >
        <InputNumber<number>
          min={1}
          max={720}
          precision={0}
          suffix={t('detail.minutes')}
          style={{ width: 160 }}
        />
      </Form.Item>
    </FormModal>
  );
}

function CancelModal({ order, onClose }: { order: Order; onClose: () => void }) {
  const { t } = useTranslation('homeServices');
  const rules = useFieldRules();
  const cancel = useOrderAction(order.id, 'cancel');
  return (
    <FormModal<{ reason: string }>
      title={t('actions.cancelTitle', { orderNo: order.orderNo })}
      okText={t('actions.cancel')}
      okButtonProps={{ danger: true }}
      fields={['reason']}
      intro={
        <Typography.Paragraph type="secondary">
          {order.status === 'confirmed' ? t('actions.cancelRefund') : t('actions.cancelRelease')}
        </Typography.Paragraph>
      }
      onSubmit={(v) => cancel.mutateAsync({ version: order.version, reason: v.reason.trim() })}
      success={() => t('done.cancel')}
      onClose={onClose}
    >
      <Form.Item name="reason" label={t('actions.reason')} rules={rules.text(t('actions.reason'))}>
        <Input.TextArea rows={2} maxLength={500} autoFocus />
      </Form.Item>
    </FormModal>
  );
}

/**
 * The buttons of this user's side (ADR 0010): a provider's staff accept and record the visit; the
 * taking side (worker, street, district) confirms, rates and cancels. The server decides again.
 */
function OrderActions({ order }: { order: Order }) {
  const { t } = useTranslation('homeServices');
  const { message } = App.useApp();
  const { can } = useAuth();
  const lang = useLang();
  const [dialog, setDialog] = useState<'checkOut' | 'cancel' | null>(null);
  const accept = useOrderAction(order.id, 'accept');
  const checkIn = useOrderAction(order.id, 'check-in');
  const confirm = useOrderAction(order.id, 'confirm');
  const rate = useOrderAction(order.id, 'rate');
  const [stars, setStars] = useState(0);
  const taker = can('order.take');
  const provider = !taker && can('order.serve');
  const s = order.status;
  const onError = (err: Error) => message.error(err.message);
  const version = { version: order.version };

  const buttons = [];
  if (provider && s === 'placed')
    buttons.push(
      <Popconfirm
        key="accept"
        title={t('actions.acceptConfirm')}
        description={t('actions.acceptNote')}
        okText={t('actions.accept')}
        cancelText={t('common:actions.cancel')}
        onConfirm={() =>
          accept.mutate(version, { onSuccess: () => message.success(t('done.accept')), onError })
        }
      >
        <Button type="primary" icon={<ThunderboltOutlined />} loading={accept.isPending}>
          {t('actions.accept')}
        </Button>
      </Popconfirm>,
    );
  if (provider && s === 'accepted')
    buttons.push(
      <Button
        key="checkIn"
        type="primary"
        icon={<LoginOutlined />}
        loading={checkIn.isPending}
        onClick={() =>
          checkIn.mutate(version, { onSuccess: () => message.success(t('done.checkIn')), onError })
        }
      >
        {t('actions.checkIn')}
      </Button>,
    );
  if (provider && s === 'in_service')
    buttons.push(
      <Button key="checkOut" type="primary" icon={<LogoutOutlined />} onClick={() => setDialog('checkOut')}>
        {t('actions.checkOut')}
      </Button>,
    );
  if (taker && s === 'done')
    buttons.push(
      <Popconfirm
        key="confirm"
        title={t('actions.confirmTitle')}
        description={t('actions.confirmNote', {
          amount: formatMoney(order.amountFen, 'fen', lang),
          credits: formatMoney(order.creditsFen, 'fen', lang),
        })}
        okText={t('actions.confirm')}
        cancelText={t('common:actions.cancel')}
        onConfirm={() =>
          confirm.mutate(version, { onSuccess: () => message.success(t('done.confirm')), onError })
        }
      >
        <Button type="primary" icon={<CheckCircleOutlined />} loading={confirm.isPending}>
          {t('actions.confirm')}
        </Button>
      </Popconfirm>,
    );
  const cancellable = taker ? s !== 'cancelled' : provider && (s === 'placed' || s === 'accepted');
  if (cancellable)
    buttons.push(
      <Button key="cancel" danger icon={<CloseCircleOutlined />} onClick={() => setDialog('cancel')}>
        {s === 'confirmed' ? t('actions.refund') : t('actions.cancel')}
      </Button>,
    );

  const rating = taker && s === 'confirmed';
  if (buttons.length === 0 && !rating && s !== 'cancelled') return null;
  return (
    <Card size="small" style={{ marginBottom: 12 }}>
      {buttons.length > 0 && <Space wrap>{buttons}</Space>}
      {s === 'cancelled' && (
        <Typography.Text type="secondary">
          {t('detail.cancelledBecause', { reason: order.cancelReason ?? '—' })}
        </Typography.Text>
      )}
      {rating && (
        <Flex align="center" gap={8} style={{ marginTop: buttons.length ? 12 : 0 }}>
          <StarOutlined />
          <span>{order.rating ? t('actions.rated') : t('actions.rate')}</span>
          <Rate value={stars || order.rating || 0} onChange={setStars} />
          {stars > 0 && stars !== order.rating && (
            <Button
              size="small"
              loading={rate.isPending}
              onClick={() =>
                rate.mutate(
                  { version: order.version, rating: stars },
                  { onSuccess: () => message.success(t('done.rate')), onError },
                )
              }
            >
              {t('actions.saveRating')}
            </Button>
          )}
        </Flex>
      )}
      {dialog === 'checkOut' && <CheckOutModal order={order} onClose={() => setDialog(null)} />}
      {dialog === 'cancel' && <CancelModal order={order} onClose={() => setDialog(null)} />}
    </Card>
  );
}

function Movements({ transfers }: { transfers: TransferView[] }) {
  const { t } = useTranslation('homeServices');
  const lang = useLang();
  const columns: TableColumnsType<TransferView> = [
    { title: t('detail.at'), dataIndex: 'at', width: 170, render: (at: string) => formatDateTime(at) },
    {
      title: t('detail.movement'),
      dataIndex: 'code',
      render: (code: string, tr) => (
        <>
          {pickLabel(TRANSFER_CODE_LABELS, code, lang)}{' '}
          <Tag color={tr.flag === 'pending' ? 'gold' : undefined}>{t(`funds:flags.${tr.flag}`)}</Tag>
        </>
      ),
    },
    {
      title: t('detail.amount'),
      dataIndex: 'amount',
      width: 130,
      align: 'right',
      render: (v: number) => <Money value={v} strong />,
    },
  ];
  return (
    <Table<TransferView>
      rowKey="id"
      size="small"
      columns={columns}
      dataSource={transfers}
      pagination={false}
      locale={{ emptyText: t('detail.noMovements') }}
    />
  );
}

export function OrderDrawer({ orderId, onClose }: { orderId: string; onClose: () => void }) {
  const { t } = useTranslation('homeServices');
  const labels = useServiceLabels();
  const query = useOrder(orderId);
  const o = query.data;
  const none = <Typography.Text type="secondary">—</Typography.Text>;
  return (
    <Drawer
      open
      size={820}
      onClose={onClose}
      title={
        o ? (
          <Space>
            <span className="ms-mono">{o.orderNo}</span>
            <OrderStatusTag status={o.status} />
          </Space>
        ) : (
          t('detail.title')
        )
      }
    >
      {query.error && <QueryError error={query.error} onRetry={() => void query.refetch()} />}
      {!o && query.isLoading && <PageSpinner />}
      {o && (
        <>
          <OrderActions order={o} />
          <Flex gap={24} style={{ marginBottom: 12 }} wrap>
            <MoneyStat title={t('detail.amountFen')} value={o.amountFen} />
            <MoneyStat title={t('detail.credits')} value={o.creditsFen} tone="good" />
            <MoneyStat title={t('detail.copay')} value={o.copayFen} />
            {o.refundedFen > 0 && (
              <MoneyStat title={t('detail.refunded')} value={o.refundedFen} tone="warn" />
            )}
          </Flex>
          <Descriptions
            size="small"
            column={2}
            bordered
            style={{ marginBottom: 12 }}
            items={[
              {
                key: 'elder',
                label: t('columns.elder'),
                children: (
                  <>
                    <Link to={`/residents/${o.personId}`}>{o.personName}</Link>
                    <Typography.Text type="secondary"> · {o.areaName}</Typography.Text>
                  </>
                ),
              },
              { key: 'service', label: t('columns.service'), children: labels.service(o.serviceCode) },
              { key: 'provider', label: t('columns.provider'), children: o.orgName, span: 2 },
              {
                key: 'scheduled',
                label: t('columns.scheduledFor'),
                children: o.scheduledFor ? formatDateTime(o.scheduledFor).slice(0, 16) : none,
              },
              { key: 'channel', label: t('detail.channel'), children: t(`channels.${o.channel}`) },
              { key: 'address', label: t('detail.address'), children: o.address ?? none, span: 2 },
              { key: 'note', label: t('detail.note'), children: o.note ?? none, span: 2 },
              { key: 'price', label: t('detail.unitPrice'), children: labels.price(o.unitPriceFen, o.unit) },
              {
                key: 'qty',
                label: t('detail.quantity'),
                children:
                  o.unit === 'per_hour'
                    ? t('detail.minutesValue', { count: o.quantity })
                    : t('detail.visits', { count: o.quantity }),
              },
              {
                key: 'duration',
                label: t('detail.duration'),
                children: o.durationMinutes ? t('detail.minutesValue', { count: o.durationMinutes }) : none,
              },
              {
                key: 'rating',
                label: t('detail.rating'),
                children: o.rating ? <Rate disabled value={o.rating} style={{ fontSize: 14 }} /> : none,
              },
            ]}
          />
          <Flex gap={12} align="start" wrap={false}>
            <Card size="small" title={t('detail.timeline')} style={{ flex: '0 0 300px' }}>
              <Timeline
                items={o.events.map((e) => ({
                  key: e.id,
                  color: e.toStatus === 'cancelled' ? 'gray' : e.toStatus === 'confirmed' ? 'green' : 'blue',
                  children: (
                    <>
                      <div>
                        <OrderStatusTag status={e.toStatus} />{' '}
                        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                          {formatDateTime(e.at)}
                        </Typography.Text>
                      </div>
                      <Typography.Text style={{ fontSize: 12 }}>{e.actorName}</Typography.Text>
                      {e.note && (
                        <Typography.Text type="secondary" style={{ display: 'block', fontSize: 12 }}>
                          {e.note}
                        </Typography.Text>
                      )}
                    </>
                  ),
                }))}
              />
            </Card>
            <Card size="small" title={t('detail.movements')} style={{ flex: 1, minWidth: 0 }}>
              <Movements transfers={o.transfers} />
            </Card>
          </Flex>
        </>
      )}
    </Drawer>
  );
}
