import { App, Button, Drawer, Form, Input, Radio, Select, Space } from 'antd';
import { useTranslation } from 'react-i18next';
import type { CreatePersonBody, PersonDetail } from '../../../../contracts/api/persons.ts';
import { RELATIONS } from '../../../../contracts/domain.ts';
import { FormErrors, useFormErrors } from '../../app/forms.tsx';
import { AreaSelect } from '../areas/AreaSelect.tsx';
import { useAreaIndex } from '../areas/api.ts';
import { useCreatePerson } from './api.ts';
import { useOptions } from './labels.ts';

// The fields each variant shows; an issue on any other field (e.g. householdId) goes to the alert.
const NEW_HOUSEHOLD_FIELDS = ['name', 'idNumber', 'phone', 'hukouLocal', 'areaCode', 'address'];
const MEMBER_FIELDS = ['name', 'idNumber', 'phone', 'hukouLocal', 'relation', 'address'];
const RESIDENCE_LEVELS = ['community', 'village'] as const;

interface Values {
  name: string;
  idNumber: string;
  phone?: string;
  hukouLocal: boolean;
  areaCode: string;
  address?: string;
  relation?: CreatePersonBody['relation'];
}

/**
 * Registers a resident: either as head of a new household, or (given `household`) as a member
 * of an existing one, which fixes the community.
 */
export function ResidentFormDrawer({
  defaultAreaCode,
  household,
  onClose,
  onCreated,
}: {
  defaultAreaCode?: string;
  household?: { id: string; areaCode: string; address: string | null };
  onClose: () => void;
  onCreated: (p: PersonDetail) => void;
}) {
  const { t } = useTranslation('residents');
  const { message } = App.useApp();
  const [form] = Form.useForm<Values>();
  const errors = useFormErrors(form, household ? MEMBER_FIELDS : NEW_HOUSEHOLD_FIELDS);
  const create = useCreatePerson();
  const { index } = useAreaIndex();
  const relationOptions = useOptions(
    'relations',
    RELATIONS.filter((r) => r !== 'head'),
  );
  const areaIsResidence =
    defaultAreaCode && RESIDENCE_LEVELS.some((l) => index.get(defaultAreaCode)?.node.level === l);

  const submit = (v: Values) => {
    errors.clear();
    const body: CreatePersonBody = {
      name: v.name,
      idNumber: v.idNumber.trim().toUpperCase(),
      phone: v.phone?.trim() || undefined,
      hukouLocal: v.hukouLocal,
      areaCode: household?.areaCode ?? v.areaCode,
      address: v.address?.trim() || undefined,
      ...(household ? { householdId: household.id, relation: v.relation } : {}),
    };
    create.mutate(body, {
      onSuccess: (p) => {
        message.success(t('create.created'));
        onCreated(p);
        onClose();
      },
      onError: errors.report,
    });
  };

  return (
    <Drawer
      open
      title={household ? t('create.memberTitle') : t('create.title')}
      size={480}
      onClose={onClose}
      destroyOnHidden
      footer={
        <Space style={{ float: 'right' }}>
          <Button onClick={onClose}>{t('common:actions.cancel')}</Button>
          <Button type="primary" loading={create.isPending} onClick={() => form.submit()}>
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
        initialValues={{
          hukouLocal: true,
          areaCode: household?.areaCode ?? (areaIsResidence ? defaultAreaCode : undefined),
          address: household?.address ?? undefined,
        }}
      >
        <Form.Item
          name="name"
          label={t('create.name')}
          rules={[
            {
              required: true,
              whitespace: true,
              message: t('common:form.required', { field: t('create.name') }),
            },
          ]}
        >
          <Input maxLength={40} autoFocus />
        </Form.Item>
        <Form.Item
          name="idNumber"
          label={t('create.idNumber')}
          extra={t('create.idNumberHint')}
          rules={[
            {
              required: true,
              whitespace: true,
              message: t('common:form.required', { field: t('create.idNumber') }),
            },
          ]}
        >
          <Input maxLength={18} className="ms-mono" autoComplete="off" />
        </Form.Item>
        <Form.Item name="phone" label={t('create.phone')}>
          <Input maxLength={20} className="ms-mono" autoComplete="off" />
        </Form.Item>
        <Form.Item name="hukouLocal" label={t('create.hukou')}>
          <Radio.Group
            options={[
              { value: true, label: t('hukou.local') },
              { value: false, label: t('hukou.other') },
            ]}
          />
        </Form.Item>
        {household ? (
          <Form.Item
            name="relation"
            label={t('create.relation')}
            rules={[
              { required: true, message: t('common:form.selectRequired', { field: t('create.relation') }) },
            ]}
          >
            <Select options={relationOptions} />
          </Form.Item>
        ) : (
          <Form.Item
            name="areaCode"
            label={t('create.area')}
            rules={[
              { required: true, message: t('common:form.selectRequired', { field: t('create.area') }) },
            ]}
          >
            <AreaSelect levels={RESIDENCE_LEVELS} placeholder={t('create.areaHint')} />
          </Form.Item>
        )}
        <Form.Item name="address" label={t('create.address')}>
          <Input maxLength={200} />
        </Form.Item>
      </Form>
    </Drawer>
  );
}
