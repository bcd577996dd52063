import { CheckOutlined, IdcardOutlined } from '@ant-design/icons';
import {
  Alert,
  App,
  Button,
  Card,
  Col,
  Empty,
  Form,
  Input,
  InputNumber,
  type InputRef,
  Popconfirm,
  Result,
  Row,
  Select,
  Space,
  Table,
  Tag,
  Typography,
} from 'antd';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Redemption } from '../../../../contracts/api/volunteers.ts';
import { formatDateTime } from '../../app/format.ts';
import { FormErrors, useFormErrors } from '../../app/forms.tsx';
import { PageHeader } from '../../app/PageHeader.tsx';
import { PageSpinner } from '../../app/PageSpinner.tsx';
import { QueryError } from '../../app/StatusPages.tsx';
import { useUrlState } from '../../app/url-state.ts';
import { formatMoney, Money, MoneyStat, useLang } from '../funds/money.tsx';
import {
  type RedemptionResult,
  type TillVolunteer,
  useRedeem,
  useRedemptions,
  useTill,
  useTillLookup,
  useVoidRedemption,
} from './api.ts';
import { useVolunteerLabels } from './labels.tsx';

const URL_KEYS = ['org'] as const;

function VoidButton({ orgId, r }: { orgId: string; r: Redemption }) {
  const { t } = useTranslation('volunteers');
  const { message } = App.useApp();
  const [reason, setReason] = useState('');
  const voidIt = useVoidRedemption(orgId);
  if (r.voided) return <Tag>{t('till.voided')}</Tag>;
  return (
    <Popconfirm
      title={t('till.voidTitle')}
      description={
        <Space direction="vertical">
          {t('till.voidNote')}
          <Input
            placeholder={t('till.voidReason')}
            value={reason}
            maxLength={200}
            onChange={(e) => setReason(e.target.value)}
          />
        </Space>
      }
      okButtonProps={{ disabled: !reason.trim(), loading: voidIt.isPending }}
      onConfirm={() =>
        voidIt.mutate(
          { transferId: r.transferId, reason: reason.trim() },
          { onError: (err) => message.error(err instanceof Error ? err.message : String(err)) },
        )
      }
    >
      <Button type="link" size="small" danger>
        {t('till.void')}
      </Button>
    </Popconfirm>
  );
}

/** The sale: find the volunteer by number, the points and the item, then redeem. */
function Sale({ orgId }: { orgId: string }) {
  const { t } = useTranslation('volunteers');
  const lang = useLang();
  const labels = useVolunteerLabels();
  const lookup = useTillLookup();
  const redeem = useRedeem(orgId);
  const scan = useRef<InputRef>(null);
  const [no, setNo] = useState('');
  const [found, setFound] = useState<TillVolunteer>();
  const [done, setDone] = useState<RedemptionResult>();
  // One key per sale: a double press or a retried request redeems once.
  const [key, setKey] = useState(() => crypto.randomUUID());
  const [form] = Form.useForm<{ amount: number; item: string }>();
  const errors = useFormErrors(form, ['amount', 'item']);

  useEffect(() => scan.current?.focus(), []);
  const next = () => {
    setFound(undefined);
    setDone(undefined);
    setNo('');
    setKey(crypto.randomUUID());
    form.resetFields();
    errors.clear();
    lookup.reset();
    setTimeout(() => scan.current?.focus(), 0);
  };
  const find = (text: string) => {
    const s = text.trim();
    if (!s) return;
    setDone(undefined);
    lookup.mutate(s, { onSuccess: setFound, onError: () => setFound(undefined) });
  };

  if (done)
    return (
      <Result
        status="success"
        title={t('till.done', {
          name: done.maskedName,
          amount: formatMoney(done.amount, 'point', lang),
          left: formatMoney(done.available, 'point', lang),
        })}
        subTitle={done.item}
        extra={
          <Button type="primary" size="large" autoFocus onClick={next}>
            {t('till.next')}
          </Button>
        }
      />
    );

  return (
    <>
      <Input.Search
        ref={scan}
        size="large"
        value={no}
        onChange={(e) => setNo(e.target.value)}
        prefix={<IdcardOutlined />}
        placeholder={t('till.scan')}
        aria-label={t('till.scan')}
        enterButton={t('till.find')}
        loading={lookup.isPending}
        className="ms-mono"
        onSearch={find}
        style={{ maxWidth: 460 }}
      />
      {lookup.error && (
        <Alert type="error" showIcon style={{ marginTop: 12 }} title={(lookup.error as Error).message} />
      )}
      {found && (
        <Card size="small" style={{ marginTop: 12, maxWidth: 560 }}>
          <Space align="start" size={24} wrap>
            <div>
              <Typography.Title level={4} style={{ margin: 0 }}>
                {found.maskedName}
              </Typography.Title>
              <Typography.Text type="secondary" className="ms-mono">
                {found.volunteerNo}
              </Typography.Text>
              <div>
                <Typography.Text type="secondary">
                  {found.areaName} · {t('till.status', { status: labels.status(found.status) })}
                </Typography.Text>
              </div>
            </div>
            <MoneyStat title={t('till.available')} value={found.available} unit="point" tone="good" />
          </Space>
          <FormErrors messages={errors.messages} />
          <Form
            form={form}
            layout="vertical"
            style={{ marginTop: 12 }}
            onFinish={(v) => {
              errors.clear();
              redeem.mutate(
                { orgId, volunteerNo: found.volunteerNo, amount: v.amount, item: v.item.trim(), key },
                { onSuccess: setDone, onError: errors.report },
              );
            }}
          >
            <Form.Item
              name="amount"
              label={t('till.amount')}
              rules={[{ required: true, message: t('form.required', { field: t('till.amount') }) }]}
            >
              <InputNumber<number>
                min={1}
                max={1_000_000}
                precision={0}
                size="large"
                style={{ width: 200 }}
              />
            </Form.Item>
            <Form.Item
              name="item"
              label={t('till.item')}
              rules={[
                { required: true, whitespace: true, message: t('form.required', { field: t('till.item') }) },
              ]}
            >
              <Input maxLength={100} placeholder={t('till.itemPlaceholder')} />
            </Form.Item>
            <Space>
              <Button
                type="primary"
                size="large"
                htmlType="submit"
                icon={<CheckOutlined />}
                loading={redeem.isPending}
              >
                {t('till.redeem')}
              </Button>
              <Button size="large" onClick={next}>
                {t('common:actions.cancel')}
              </Button>
            </Space>
          </Form>
        </Card>
      )}
    </>
  );
}

function Recent({ orgId }: { orgId: string }) {
  const { t } = useTranslation('volunteers');
  const query = useRedemptions(orgId);
  return (
    <Card size="small" title={t('till.recent')}>
      {query.error && <QueryError error={query.error} onRetry={() => void query.refetch()} />}
      <Table<Redemption>
        rowKey="transferId"
        size="small"
        loading={query.isLoading}
        dataSource={query.data?.items}
        pagination={{ pageSize: 10, hideOnSinglePage: true, showSizeChanger: false }}
        locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('till.empty')} /> }}
        columns={[
          {
            title: t('till.at'),
            dataIndex: 'at',
            width: 110,
            render: (v: string) => (
              <span style={{ whiteSpace: 'nowrap' }}>{formatDateTime(v).slice(5, 16)}</span>
            ),
          },
          {
            title: t('till.volunteer'),
            dataIndex: 'maskedName',
            render: (n: string, r) => (
              <>
                {n}
                <Typography.Text type="secondary" style={{ display: 'block', fontSize: 12 }} ellipsis>
                  {r.item}
                  {r.voidReason ? ` · ${r.voidReason}` : ''}
                </Typography.Text>
              </>
            ),
          },
          {
            title: t('till.amount'),
            dataIndex: 'amount',
            width: 90,
            align: 'right',
            render: (a: number, r) => (
              <Money
                value={a}
                unit="point"
                style={r.voided ? { textDecoration: 'line-through' } : undefined}
              />
            ),
          },
          { key: 'void', width: 70, render: (_, r) => <VoidButton orgId={orgId} r={r} /> },
        ]}
      />
    </Card>
  );
}

/** A merchant's points till (S4): staff of an organisation running a service point. */
export default function PointsTillPage() {
  const { t } = useTranslation('volunteers');
  const lang = useLang();
  const query = useTill();
  const { values, update } = useUrlState(URL_KEYS);
  const merchants = query.data?.merchants ?? [];
  const orgId =
    values.org && merchants.some((m) => m.orgId === values.org) ? values.org : merchants[0]?.orgId;
  const merchant = merchants.find((m) => m.orgId === orgId);
  return (
    <>
      <PageHeader
        title={t('till.title')}
        note={
          merchant && (
            <Typography.Text type="secondary">
              {t('till.takenIn', { value: formatMoney(merchant.balance, 'point', lang) })}
            </Typography.Text>
          )
        }
        extra={
          merchants.length > 1 && (
            <Select
              aria-label={t('till.merchant')}
              value={orgId}
              onChange={(org) => update({ org })}
              options={merchants.map((m) => ({ value: m.orgId, label: m.orgName }))}
              style={{ width: 260 }}
            />
          )
        }
      />
      {query.error && <QueryError error={query.error} onRetry={() => void query.refetch()} />}
      {!query.data && query.isLoading && <PageSpinner />}
      {query.data && !merchant && <Alert type="info" showIcon title={t('till.noMerchant')} />}
      {merchant && (
        <Row gutter={[12, 12]}>
          <Col xs={24} lg={14}>
            <Card
              size="small"
              title={
                <>
                  {merchant.orgName}{' '}
                  <Typography.Text type="secondary" style={{ fontWeight: 'normal' }}>
                    {merchant.servicePoints.map((p) => p.name).join('、')}
                  </Typography.Text>
                </>
              }
            >
              <Sale key={merchant.orgId} orgId={merchant.orgId} />
            </Card>
          </Col>
          <Col xs={24} lg={10}>
            <Recent orgId={merchant.orgId} />
          </Col>
        </Row>
      )}
    </>
  );
}
