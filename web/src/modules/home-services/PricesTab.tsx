import {
  App,
  Button,
  Card,
  DatePicker,
  Flex,
  Form,
  Select,
  Table,
  type TableColumnsType,
  Typography,
} from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { HomeServicePrice } from '../../../../contracts/api/home-services.ts';
import { yuanToFen } from '../../../../contracts/money.ts';
import { useAuth } from '../../app/auth.tsx';
import { fromDay } from '../../app/format.ts';
import { FormErrors, useFormErrors } from '../../app/forms.tsx';
import { QueryError } from '../../app/StatusPages.tsx';
import { YuanInput, yuanRules } from '../funds/money.tsx';
import { OrgSelect } from '../service-points/OrgSelect.tsx';
import { useCatalogue, useOffers, useOrders, usePrices, useSetPrice } from './api.ts';
import { useServiceLabels } from './labels.tsx';

interface PriceValues {
  serviceCode: string;
  priceYuan: string;
  validFrom: Dayjs;
}

function SetPriceForm({ orgId }: { orgId: string }) {
  const { t } = useTranslation('homeServices');
  const { message } = App.useApp();
  const labels = useServiceLabels();
  const catalogue = useCatalogue();
  const [form] = Form.useForm<PriceValues>();
  const errors = useFormErrors(form, ['serviceCode', 'priceFen', 'validFrom']);
  const setPrice = useSetPrice(orgId);
  return (
    <>
      <FormErrors messages={errors.messages} />
      <Form<PriceValues>
        form={form}
        layout="inline"
        style={{ rowGap: 8, marginBottom: 12 }}
        initialValues={{ validFrom: dayjs() }}
        onFinish={(v) =>
          setPrice.mutate(
            {
              serviceCode: v.serviceCode,
              priceFen: yuanToFen(v.priceYuan) ?? 0,
              validFrom: fromDay(v.validFrom)!,
            },
            {
              onSuccess: () => {
                message.success(t('prices.saved'));
                form.resetFields(['priceYuan']);
              },
              onError: errors.report,
            },
          )
        }
      >
        <Form.Item
          name="serviceCode"
          label={t('take.service')}
          rules={[{ required: true, message: t('common:form.selectRequired', { field: t('take.service') }) }]}
        >
          <Select
            style={{ width: 160 }}
            options={(catalogue.data ?? []).map((c) => ({
              value: c.code,
              label: `${labels.service(c.code)}（${t(`units.${c.unit}`)}）`,
            }))}
          />
        </Form.Item>
        <Form.Item name="priceYuan" label={t('prices.price')} rules={yuanRules(t, t('prices.price'))}>
          <YuanInput style={{ width: 120 }} />
        </Form.Item>
        <Form.Item
          name="validFrom"
          label={t('prices.validFrom')}
          rules={[
            { required: true, message: t('common:form.selectRequired', { field: t('prices.validFrom') }) },
          ]}
        >
          <DatePicker style={{ width: 150 }} />
        </Form.Item>
        <Form.Item>
          <Button type="primary" htmlType="submit" loading={setPrice.isPending}>
            {t('prices.set')}
          </Button>
        </Form.Item>
      </Form>
    </>
  );
}

/**
 * Providers' prices: today's offers of every provider, and one provider's dated price list, which
 * its own staff (or the district, which pays) may change from a date on.
 */
export function PricesTab() {
  const { t } = useTranslation('homeServices');
  const { can } = useAuth();
  const labels = useServiceLabels();
  const catalogue = useCatalogue();
  const [service, setService] = useState<string>();
  const offers = useOffers(service);
  // A provider's staff manage their own organisation: the one their orders are for.
  const own = useOrders({ pageSize: 1 });
  const [chosen, setChosen] = useState<string | null>(null);
  const ownOrg = can('order.serve') && !can('order.take') ? own.data?.items[0] : undefined;
  const orgId = chosen ?? ownOrg?.orgId ?? null;
  const prices = usePrices(orgId ?? undefined);
  const mayEdit = can('order.serve') || can('settlement.approve');

  const priceColumns: TableColumnsType<HomeServicePrice> = [
    { title: t('columns.provider'), dataIndex: 'orgName', ellipsis: true },
    {
      title: t('columns.service'),
      dataIndex: 'serviceCode',
      width: 140,
      render: (c: string) => labels.service(c),
    },
    {
      title: t('prices.price'),
      key: 'price',
      width: 160,
      align: 'right',
      render: (_: unknown, p) => <Typography.Text strong>{labels.price(p.priceFen, p.unit)}</Typography.Text>,
    },
    { title: t('prices.validFrom'), dataIndex: 'validFrom', width: 120 },
    {
      title: t('prices.validTo'),
      dataIndex: 'validTo',
      width: 120,
      render: (v: string | null) => v ?? t('common:untilNow'),
    },
  ];

  return (
    <>
      {mayEdit && (
        <Card size="small" title={t('prices.manage')} style={{ marginBottom: 12 }}>
          <Flex gap={8} align="center" style={{ marginBottom: 12 }}>
            <span>{t('columns.provider')}</span>
            <div style={{ width: 360, display: 'grid' }}>
              <OrgSelect
                value={orgId}
                currentName={ownOrg?.orgName}
                onChange={setChosen}
                placeholder={t('prices.pickProvider')}
              />
            </div>
          </Flex>
          {orgId && (
            <>
              <SetPriceForm orgId={orgId} />
              {prices.error && <QueryError error={prices.error} />}
              <Table<HomeServicePrice>
                rowKey={(p) => `${p.serviceCode}|${p.validFrom}`}
                size="small"
                columns={priceColumns.slice(1)}
                dataSource={prices.data}
                loading={prices.isFetching}
                pagination={false}
                locale={{ emptyText: t('prices.none') }}
              />
            </>
          )}
        </Card>
      )}
      <Card
        size="small"
        title={t('prices.offers')}
        extra={
          <Select
            allowClear
            placeholder={t('filters.service')}
            aria-label={t('filters.service')}
            style={{ width: 160 }}
            value={service}
            onChange={setService}
            options={(catalogue.data ?? []).map((c) => ({ value: c.code, label: labels.service(c.code) }))}
          />
        }
      >
        {offers.error && <QueryError error={offers.error} />}
        <Table<HomeServicePrice>
          rowKey={(p) => `${p.orgId}|${p.serviceCode}|${p.validFrom}`}
          size="small"
          columns={priceColumns}
          dataSource={offers.data}
          loading={offers.isFetching}
          pagination={{ pageSize: 10, showSizeChanger: false }}
        />
      </Card>
    </>
  );
}
