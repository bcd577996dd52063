import { Form, Input, InputNumber, Select, Space } from 'antd';
import { useTranslation } from 'react-i18next';
import type { OpeningHours, ServicePoint } from '../../../../contracts/api/orgs.ts';
import { SERVICE_POINT_TYPES, type ServicePointType } from '../../../../contracts/domain.ts';
import { useAuth } from '../../app/auth.tsx';
import { FormDrawer, useFieldRules, useRecordDialog } from '../../app/FormDialog.tsx';
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
  const { can } = useAuth();
  const rules = useFieldRules();
  const { withVersion, ...dialog } = useRecordDialog('servicePoints', point);
  const save = useSaveServicePoint(point?.id);

  const toBody = (v: Values): ServicePointBody => ({
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
  });

  return (
    <FormDrawer<Values>
      {...dialog}
      size={660}
      fields={FIELDS}
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
      onSubmit={(v) => save.mutateAsync(withVersion(toBody(v)))}
      onClose={onClose}
    >
      <Form.Item name="name" label={t('fields.name')} rules={rules.text(t('fields.name'))}>
        <Input maxLength={100} autoFocus />
      </Form.Item>
      <Space size={12} style={{ width: '100%' }} align="start">
        <Form.Item name="type" label={t('fields.type')} rules={rules.selected(t('fields.type'))}>
          <Select
            style={{ width: 220 }}
            options={SERVICE_POINT_TYPES.map((k) => ({ value: k, label: t(`types.${k}`) }))}
          />
        </Form.Item>
        <Form.Item
          name="areaCode"
          label={t('fields.area')}
          rules={rules.selected(t('fields.area'))}
          style={{ width: 260 }}
        >
          <AreaSelect />
        </Form.Item>
      </Space>
      <Form.Item name="address" label={t('fields.address')} rules={rules.text(t('fields.address'))}>
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
    </FormDrawer>
  );
}
