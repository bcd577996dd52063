import { App, Button, Drawer, Form, Input, Radio, Space } from 'antd';
import { useTranslation } from 'react-i18next';
import type { PersonDetail } from '../../../../contracts/api/persons.ts';
import { FormErrors, useFormErrors } from '../../app/forms.tsx';
import { AreaSelect } from '../areas/AreaSelect.tsx';
import { type UpdatePersonBody, useUpdatePerson } from './api.ts';

const FIELDS = ['name', 'phone', 'hukouLocal', 'areaCode', 'address'];
const RESIDENCE_LEVELS = ['community', 'village'] as const;

interface Values {
  name: string;
  phone?: string;
  hukouLocal: boolean;
  areaCode: string;
  address?: string;
}

/** Edits a resident's basic details; only changed fields are sent, with the version read. */
export function EditResidentDrawer({ person, onClose }: { person: PersonDetail; onClose: () => void }) {
  const { t } = useTranslation('residents');
  const { message } = App.useApp();
  const [form] = Form.useForm<Values>();
  const errors = useFormErrors(form, FIELDS);
  const update = useUpdatePerson(person.id);

  const submit = (v: Values) => {
    errors.clear();
    const body: UpdatePersonBody = { version: person.version };
    if (v.name.trim() !== person.name) body.name = v.name.trim();
    if (v.phone?.trim()) body.phone = v.phone.trim();
    if (v.hukouLocal !== person.hukouLocal) body.hukouLocal = v.hukouLocal;
    if (v.areaCode !== person.areaCode) body.areaCode = v.areaCode;
    if ((v.address?.trim() || null) !== person.address) body.address = v.address?.trim() || null;
    update.mutate(body, {
      onSuccess: () => {
        message.success(t('edit.saved'));
        onClose();
      },
      onError: errors.report,
    });
  };

  return (
    <Drawer
      open
      title={`${t('edit.title')} · ${person.name}`}
      size={480}
      onClose={onClose}
      destroyOnHidden
      footer={
        <Space style={{ float: 'right' }}>
          <Button onClick={onClose}>{t('common:actions.cancel')}</Button>
          <Button type="primary" loading={update.isPending} onClick={() => form.submit()}>
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
          name: person.name,
          hukouLocal: person.hukouLocal,
          areaCode: person.areaCode,
          address: person.address ?? undefined,
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
          <Input maxLength={40} />
        </Form.Item>
        <Form.Item name="phone" label={t('create.phone')}>
          <Input
            maxLength={20}
            className="ms-mono"
            autoComplete="off"
            placeholder={person.phoneMasked ? t('edit.phoneKeep', { masked: person.phoneMasked }) : undefined}
          />
        </Form.Item>
        <Form.Item name="hukouLocal" label={t('create.hukou')}>
          <Radio.Group
            options={[
              { value: true, label: t('hukou.local') },
              { value: false, label: t('hukou.other') },
            ]}
          />
        </Form.Item>
        <Form.Item
          name="areaCode"
          label={t('create.area')}
          rules={[{ required: true, message: t('common:form.selectRequired', { field: t('create.area') }) }]}
        >
          <AreaSelect levels={RESIDENCE_LEVELS} />
        </Form.Item>
        <Form.Item name="address" label={t('create.address')}>
          <Input maxLength={200} />
        </Form.Item>
      </Form>
    </Drawer>
  );
}
