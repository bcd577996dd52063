import { Form, Input, Select, Space } from 'antd';
import { useTranslation } from 'react-i18next';
import type { Org } from '../../../../contracts/api/orgs.ts';
import { ORG_KINDS, type OrgKind } from '../../../../contracts/domain.ts';
import { FormDrawer, useFieldRules, useRecordDialog } from '../../app/FormDialog.tsx';
import { AreaSelect } from '../areas/AreaSelect.tsx';
import { type OrgBody, useSaveOrg } from './api.ts';

const FIELDS = ['name', 'kind', 'creditCode', 'areaCode', 'address', 'contactName', 'contactPhone'];

interface Values {
  name: string;
  kind: OrgKind;
  creditCode: string;
  areaCode: string;
  address?: string;
  contactName?: string;
  contactPhone?: string;
}

const trimmed = (s: string | undefined) => s?.trim() || undefined;

/** Creates an organisation, or edits one (`org` given) with the version it was read at. */
export function OrgFormDrawer({
  org,
  defaultAreaCode,
  onClose,
}: {
  org?: Org;
  defaultAreaCode?: string;
  onClose: () => void;
}) {
  const { t } = useTranslation('orgs');
  const rules = useFieldRules();
  const { withVersion, ...dialog } = useRecordDialog('orgs', org);
  const save = useSaveOrg(org?.id);

  const toBody = (v: Values): OrgBody => ({
    name: v.name.trim(),
    kind: v.kind,
    creditCode: v.creditCode.trim().toUpperCase(),
    areaCode: v.areaCode,
    address: trimmed(v.address),
    contactName: trimmed(v.contactName),
    contactPhone: trimmed(v.contactPhone),
  });

  return (
    <FormDrawer<Values>
      {...dialog}
      size={480}
      fields={FIELDS}
      initialValues={
        org
          ? {
              name: org.name,
              kind: org.kind,
              creditCode: org.creditCode,
              areaCode: org.areaCode,
              address: org.address ?? undefined,
              contactName: org.contactName ?? undefined,
              contactPhone: org.contactPhone ?? undefined,
            }
          : { areaCode: defaultAreaCode }
      }
      onSubmit={(v) => save.mutateAsync(withVersion(toBody(v)))}
      onClose={onClose}
    >
      <Form.Item name="name" label={t('fields.name')} rules={rules.text(t('fields.name'))}>
        <Input maxLength={100} autoFocus />
      </Form.Item>
      <Form.Item name="kind" label={t('fields.kind')} rules={rules.selected(t('fields.kind'))}>
        <Select options={ORG_KINDS.map((k) => ({ value: k, label: t(`kinds.${k}`) }))} />
      </Form.Item>
      <Form.Item
        name="creditCode"
        label={t('fields.creditCode')}
        extra={t('fields.creditCodeHint')}
        rules={rules.text(t('fields.creditCode'))}
      >
        <Input maxLength={18} className="ms-mono" autoComplete="off" />
      </Form.Item>
      <Form.Item name="areaCode" label={t('fields.area')} rules={rules.selected(t('fields.area'))}>
        <AreaSelect />
      </Form.Item>
      <Form.Item name="address" label={t('fields.address')}>
        <Input maxLength={200} />
      </Form.Item>
      <Space size={12} style={{ width: '100%' }} align="start">
        <Form.Item name="contactName" label={t('fields.contactName')}>
          <Input maxLength={40} style={{ width: 200 }} />
        </Form.Item>
        <Form.Item name="contactPhone" label={t('fields.contactPhone')}>
          <Input maxLength={20} className="ms-mono" style={{ width: 200 }} />
        </Form.Item>
      </Space>
    </FormDrawer>
  );
}
