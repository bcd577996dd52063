import {
  Alert,
  App,
  Button,
  DatePicker,
  Drawer,
  Form,
  Input,
  InputNumber,
  Select,
  Space,
  Typography,
} from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useTranslation } from 'react-i18next';
import type { HomeServiceOrderDetail } from '../../../../contracts/api/home-services.ts';
import { useAuth } from '../../app/auth.tsx';
import { FormErrors, useFormErrors } from '../../app/forms.tsx';
import { useElderAccounts } from '../care-credits/api.ts';
import { Money } from '../funds/money.tsx';
import { PersonSelect } from '../residents/PersonSelect.tsx';
import { useCatalogue, useOffers, usePlaceOrder } from './api.ts';
import { useServiceLabels } from './labels.tsx';

const FIELDS = ['personId', 'serviceCode', 'orgId', 'scheduledFor', 'estimatedMinutes', 'address', 'note'];

interface Values {
  personId: string;
  serviceCode: string;
  orgId: string;
  scheduledFor: Dayjs;
  estimatedMinutes?: number;
  address?: string;
  note?: string;
}

/** What the elder has to spend, shown while the order is taken (workers may read the account). */
function ElderBalance({ personId }: { personId: string }) {
  const { t } = useTranslation('homeServices');
  const { can } = useAuth();
  const query = useElderAccounts(personId, can('ledger.read'));
  const data = query.data;
  if (!data) return null;
  const account = data.accounts.find((a) => a.kind === 'elder_care' && a.unit === 'fen');
  return (
    <Typography.Text type="secondary">
      {data.enrolled ? t('take.enrolled') : t('take.notEnrolled')}
      {account && (
        <>
          {' · '}
          {t('take.available')} <Money value={account.available} strong />
        </>
      )}
    </Typography.Text>
  );
}

/**
 * A phone order (电话下单): the worker finds the elder, picks a service and a provider that
 * prices it, a time and the address (the elder's registered one unless changed).
 */
export function PhoneOrderDrawer({
  onClose,
  onPlaced,
}: {
  onClose: () => void;
  onPlaced: (order: HomeServiceOrderDetail) => void;
}) {
  const { t } = useTranslation('homeServices');
  const { message } = App.useApp();
  const labels = useServiceLabels();
  const [form] = Form.useForm<Values>();
  const errors = useFormErrors(form, FIELDS);
  const place = usePlaceOrder();
  const catalogue = useCatalogue();
  const personId = Form.useWatch('personId', form);
  const serviceCode = Form.useWatch('serviceCode', form);
  const orgId = Form.useWatch('orgId', form);
  const minutes = Form.useWatch('estimatedMinutes', form);
  const offers = useOffers(serviceCode, !!serviceCode);
  const service = catalogue.data?.find((c) => c.code === serviceCode);
  const offer = offers.data?.find((o) => o.orgId === orgId);
  const perHour = service?.unit === 'per_hour';

  const submit = (v: Values) => {
    errors.clear();
    place.mutate(
      {
        personId: v.personId,
        orgId: v.orgId,
        serviceCode: v.serviceCode,
        channel: 'phone',
        scheduledFor: v.scheduledFor.second(0).millisecond(0).toISOString(),
        estimatedMinutes: perHour ? v.estimatedMinutes : undefined,
        address: v.address?.trim() || undefined,
        note: v.note?.trim() || undefined,
      },
      {
        onSuccess: (order) => {
          message.success(t('take.done', { orderNo: order.orderNo }));
          onPlaced(order);
        },
        onError: errors.report,
      },
    );
  };
  const selectRequired = (field: string) => [
    { required: true, message: t('common:form.selectRequired', { field }) },
  ];

  return (
    <Drawer
      open
      title={t('take.title')}
      size={600}
      onClose={onClose}
      destroyOnHidden
      footer={
        <Space style={{ float: 'right' }}>
          <Button onClick={onClose}>{t('common:actions.cancel')}</Button>
          <Button type="primary" loading={place.isPending} onClick={() => form.submit()}>
            {t('take.submit')}
          </Button>
        </Space>
      }
    >
      <FormErrors messages={errors.messages} />
      <Form<Values>
        form={form}
        layout="vertical"
        onFinish={submit}
        initialValues={{ scheduledFor: dayjs().add(1, 'day').hour(9).minute(0), estimatedMinutes: 60 }}
      >
        <Form.Item
          name="personId"
          label={t('take.elder')}
          rules={selectRequired(t('take.elder'))}
          extra={personId ? <ElderBalance personId={personId} /> : t('take.elderHint')}
        >
          <PersonSelect
            placeholder={t('take.elderPlaceholder')}
            onPick={(p) => form.setFieldValue('address', p?.address ?? undefined)}
          />
        </Form.Item>
        <Space size={12} align="start" style={{ width: '100%' }}>
          <Form.Item
            name="serviceCode"
            label={t('take.service')}
            rules={selectRequired(t('take.service'))}
            style={{ width: 200 }}
          >
            <Select
              loading={catalogue.isLoading}
              onChange={() => form.setFieldValue('orgId', undefined)}
              options={(catalogue.data ?? [])
                .filter((c) => c.active)
                .map((c) => ({ value: c.code, label: labels.service(c.code) }))}
            />
          </Form.Item>
          <Form.Item
            name="orgId"
            label={t('take.provider')}
            rules={selectRequired(t('take.provider'))}
            style={{ width: 340 }}
            extra={serviceCode && offers.data?.length === 0 ? t('take.noProvider') : undefined}
          >
            <Select
              disabled={!serviceCode}
              loading={offers.isFetching}
              popupMatchSelectWidth={false}
              options={(offers.data ?? []).map((o) => ({
                value: o.orgId,
                label: `${o.orgName} · ${labels.price(o.priceFen, o.unit)}`,
              }))}
            />
          </Form.Item>
        </Space>
        <Space size={12} align="start" style={{ width: '100%' }}>
          <Form.Item
            name="scheduledFor"
            label={t('take.scheduledFor')}
            rules={selectRequired(t('take.scheduledFor'))}
          >
            <DatePicker
              showTime={{ format: 'HH:mm', minuteStep: 5 }}
              format="YYYY-MM-DD HH:mm"
              style={{ width: 200 }}
            />
          </Form.Item>
          {perHour && (
            <Form.Item name="estimatedMinutes" label={t('take.estimatedMinutes')}>
              <InputNumber<number> min={30} max={720} step={30} precision={0} style={{ width: 120 }} />
            </Form.Item>
          )}
        </Space>
        <Form.Item name="address" label={t('take.address')} extra={t('take.addressHint')}>
          <Input maxLength={200} />
        </Form.Item>
        <Form.Item name="note" label={t('take.note')}>
          <Input.TextArea rows={2} maxLength={500} placeholder={t('take.notePlaceholder')} />
        </Form.Item>
      </Form>
      {offer && (
        <Alert
          type="info"
          showIcon
          title={
            perHour ? (
              t('take.estimatePerHour', {
                price: labels.price(offer.priceFen, offer.unit),
                minutes: minutes ?? 60,
              })
            ) : (
              <>
                {t('take.estimate')} <Money value={offer.priceFen} strong size={18} />
              </>
            )
          }
          description={perHour ? t('take.perHourNote') : t('take.estimateNote')}
        />
      )}
    </Drawer>
  );
}
