import { App, Button, Drawer, Form, Input, InputNumber, Select, Space } from 'antd';
import { useTranslation } from 'react-i18next';
import type { OpeningHours, ServicePoint } from '../../../../contracts/api/orgs.ts';
import { SERVICE_POINT_TYPES, type ServicePointType } from '../../../../contracts/domain.ts';
import { useAuth } from '../../app/auth.tsx';
import { FormErrors, useFormErrors } from '../../app/forms.tsx';
import { AreaSelect } from '../areas/AreaSelect.tsx';
import { type ServicePointBody, useSaveServicePoint } from './api.ts';
import { OpeningHoursEditor } from './OpeningHoursEditor.tsx';
import { OrgSelect } from './OrgSelect.tsx';

const FIELDS = ['name', 'type', 'areaCode', 'address', 'lat', 'lng', 'openingHours', 'orgId'];

interface Values {
  name: string;
  type: ServicePointType;
  areaCode: string;
  address: string;
  lat?: number | null;
  lng?: number | null;
  orgId?: string | null;
  openingHours?: OpeningHours;
}

export function ServicePointFormDrawer({
  point,
  defaultAreaCode,
  onClose,
}: {
  point?: ServicePoint;
  defaultAreaCode?: string;
  onClose: () => void;
}) {
  const { t } = useTranslation('servicePoints');
  const { message } = App.useApp();
  const { can } = useAuth();
  const [form] = Form.useForm<Values>();
  const errors = useFormErrors(form, FIELDS);
  const save = useSaveServicePoint(point?.id);

  const submit = (v: Values) => {
    errors.clear();
    const body: ServicePointBody = {
      name: v.name.trim(),
      type: v.type,
      areaCode: v.areaCode,
      address: v.address.trim(),
      lat: v.lat ?? null,
      lng: v.lng ?? null,
      orgId: v.orgId ?? null,
      openingHours: (v.openingHours ?? []).map((h) => ({
        days: [...h.days].sort((a, b) => a - b),
        open: h.open.trim(),
        close: h.close.trim(),
      })),
    };
    save.mutate(point ? { ...body, version: point.version } : body, {
      onSuccess: () => {
        message.success(point ? t('saved') : t('created'));
        onClose();
      },
      onError: errors.report,
    });
  };

  const required = (label: string) => [
    { required: true, whitespace: true, message: t('common:form.required', { field: label }) },
  ];
  const selectRequired = (label: string) => [
    { required: true, message: t('common:form.selectRequired', { field: label }) },
  ];

  return (
    <Drawer
      open
      title={point ? `${t('edit')} · ${point.name}` : t('create')}
      size={660}
      onClose={onClose}
      destroyOnHidden
      footer={
        <Space style={{ float: 'right' }}>
          <Button onClick={onClose}>{t('common:actions.cancel')}</Button>
          <Button type="primary" loading={save.isPending} onClick={() => form.submit()}>
            {t('common:actions.save')}
          </Button>
        </Space>
      }
    >
      <FormErrors messages={errors.messages} />
      <Form<Values>
        form={form}
        layout="vertical"
        onFinish={submit}
        initialValues={
          point
            ? {
                name: point.name,
                type: point.type,
                areaCode: point.areaCode,
                address: point.address,
                lat: point.lat,
                lng: point.lng,
                orgId: point.orgId,
                openingHours: point.openingHours,
              }
            : { areaCode: defaultAreaCode, openingHours: [] }
        }
      >
        <Form.Item name="name" label={t('fields.name')} rules={required(t('fields.name'))}>
          <Input maxLength={100} autoFocus />
        </Form.Item>
        <Space size={12} style={{ width: '100%' }} align="start">
          <Form.Item name="type" label={t('fields.type')} rules={selectRequired(t('fields.type'))}>
            <Select
              style={{ width: 220 }}
              options={SERVICE_POINT_TYPES.map((k) => ({ value: k, label: t(`types.${k}`) }))}
            />
          </Form.Item>
          <Form.Item
            name="areaCode"
            label={t('fields.area')}
            rules={selectRequired(t('fields.area'))}
            style={{ width: 260 }}
          >
            <AreaSelect />
          </Form.Item>
        </Space>
        <Form.Item name="address" label={t('fields.address')} rules={required(t('fields.address'))}>
          <Input maxLength={200} />
        </Form.Item>
        <Form.Item
          label={t('fields.coordinates')}
          extra={t('fields.coordinatesHint')}
          style={{ marginBottom: 12 }}
        >
          <Space size={12} align="start">
            <Form.Item name="lat" noStyle>
              <InputNumber<number>
                placeholder={t('fields.lat')}
                aria-label={t('fields.lat')}
                precision={6}
                step={0.0001}
                style={{ width: 160 }}
              />
            </Form.Item>
            <Form.Item name="lng" noStyle>
              <InputNumber<number>
                placeholder={t('fields.lng')}
                aria-label={t('fields.lng')}
                precision={6}
                step={0.0001}
                style={{ width: 160 }}
              />
            </Form.Item>
          </Space>
        </Form.Item>
        {can('org.read') && (
          <Form.Item name="orgId" label={t('fields.org')}>
            <OrgSelect currentName={point?.orgName} placeholder={t('fields.orgHint')} />
          </Form.Item>
        )}
        <Form.Item label={t('fields.openingHours')} extra={t('hours.timeHint')} required={false}>
          <OpeningHoursEditor />
        </Form.Item>
      </Form>
    </Drawer>
  );
}
