import { App, Button, Drawer, Form, Input, Radio, Select, Space, Switch } from 'antd';
import { useTranslation } from 'react-i18next';
import type {
  RegisterVolunteerBody,
  VolunteerDetail,
  VolunteerSkill,
} from '../../../../contracts/api/volunteers.ts';
import { ApiError } from '../../app/api.ts';
import { FormErrors, useFormErrors } from '../../app/forms.tsx';
import { AreaSelect } from '../areas/AreaSelect.tsx';
import { PersonSelect } from '../residents/PersonSelect.tsx';
import { useRegisterVolunteer } from './api.ts';
import { AvailabilityGrid, useVolunteerLabels } from './labels.tsx';

const RESIDENCE_LEVELS = ['community', 'village'] as const;
const FIELDS = [
  'personId',
  'person.name',
  'person.idNumber',
  'person.phone',
  'person.areaCode',
  'person.address',
  'areaCode',
  'skills',
  'availability',
];
/** The registry checks a new person itself and names its fields without the `person.` prefix. */
const PERSON_FIELDS = ['name', 'idNumber', 'phone', 'address', 'householdId'];

interface Values {
  source: 'resident' | 'new';
  personId?: string;
  person?: {
    name: string;
    idNumber: string;
    phone?: string;
    hukouLocal: boolean;
    areaCode: string;
    address?: string;
  };
  areaCode?: string;
  skills: VolunteerSkill[];
  partyMember: boolean;
  availability: number;
}

/** Registers a volunteer: a resident found in the registry, or a new resident entered here. */
export function RegisterVolunteerDrawer({
  onClose,
  onRegistered,
}: {
  onClose: () => void;
  onRegistered: (v: VolunteerDetail) => void;
}) {
  const { t } = useTranslation('volunteers');
  const { message } = App.useApp();
  const labels = useVolunteerLabels();
  const [form] = Form.useForm<Values>();
  const errors = useFormErrors(form, FIELDS);
  const register = useRegisterVolunteer();
  const source = Form.useWatch('source', form) ?? 'resident';

  const report = (err: unknown) => {
    if (source === 'new' && err instanceof ApiError)
      return errors.report(
        new ApiError(
          err.status,
          err.code,
          err.message,
          err.issues.map((i) => (PERSON_FIELDS.includes(i.field) ? { ...i, field: `person.${i.field}` } : i)),
        ),
      );
    errors.report(err);
  };

  const submit = (v: Values) => {
    errors.clear();
    const body: RegisterVolunteerBody = {
      ...(v.source === 'resident'
        ? { personId: v.personId }
        : {
            person: {
              name: v.person!.name,
              idNumber: v.person!.idNumber.trim().toUpperCase(),
              phone: v.person!.phone?.trim() || undefined,
              hukouLocal: v.person!.hukouLocal,
              areaCode: v.person!.areaCode,
              address: v.person!.address?.trim() || undefined,
            },
          }),
      areaCode: v.areaCode || undefined,
      skills: v.skills,
      partyMember: v.partyMember,
      availability: v.availability,
    };
    register.mutate(body, {
      onSuccess: (created) => {
        message.success(t('register.done', { no: created.volunteerNo }));
        onRegistered(created);
      },
      onError: report,
    });
  };
  const required = (field: string) => [
    { required: true, whitespace: true, message: t('form.required', { field }) },
  ];

  return (
    <Drawer
      open
      title={t('register.title')}
      size={560}
      onClose={onClose}
      destroyOnHidden
      footer={
        <Space style={{ float: 'right' }}>
          <Button onClick={onClose}>{t('common:actions.cancel')}</Button>
          <Button type="primary" loading={register.isPending} onClick={() => form.submit()}>
            {t('register.submit')}
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
          source: 'resident',
          skills: [],
          partyMember: false,
          availability: 0,
          person: { hukouLocal: true },
        }}
      >
        <Form.Item name="source" label={t('register.source')}>
          <Radio.Group
            optionType="button"
            options={[
              { value: 'resident', label: t('register.fromResident') },
              { value: 'new', label: t('register.newPerson') },
            ]}
          />
        </Form.Item>
        {source === 'resident' ? (
          <Form.Item
            name="personId"
            label={t('register.resident')}
            extra={t('register.residentHint')}
            rules={[{ required: true, message: t('form.required', { field: t('register.resident') }) }]}
          >
            <PersonSelect placeholder={t('register.residentPlaceholder')} />
          </Form.Item>
        ) : (
          <>
            <Form.Item
              name={['person', 'name']}
              label={t('register.name')}
              rules={required(t('register.name'))}
            >
              <Input maxLength={40} autoFocus />
            </Form.Item>
            <Form.Item
              name={['person', 'idNumber']}
              label={t('register.idNumber')}
              rules={required(t('register.idNumber'))}
            >
              <Input maxLength={18} className="ms-mono" autoComplete="off" />
            </Form.Item>
            <Form.Item name={['person', 'phone']} label={t('register.phone')}>
              <Input maxLength={20} className="ms-mono" autoComplete="off" />
            </Form.Item>
            <Form.Item name={['person', 'hukouLocal']} label={t('register.hukou')}>
              <Radio.Group
                options={[
                  { value: true, label: t('register.hukouLocal') },
                  { value: false, label: t('register.hukouOther') },
                ]}
              />
            </Form.Item>
            <Form.Item
              name={['person', 'areaCode']}
              label={t('register.residence')}
              rules={[{ required: true, message: t('form.required', { field: t('register.residence') }) }]}
            >
              <AreaSelect levels={RESIDENCE_LEVELS} />
            </Form.Item>
            <Form.Item name={['person', 'address']} label={t('register.address')}>
              <Input maxLength={200} />
            </Form.Item>
          </>
        )}
        <Form.Item name="areaCode" label={t('register.serving')} extra={t('register.servingHint')}>
          <AreaSelect levels={RESIDENCE_LEVELS} placeholder={t('register.servingHint')} />
        </Form.Item>
        <Form.Item name="skills" label={t('register.skills')}>
          <Select mode="multiple" allowClear options={labels.skillOptions} maxCount={20} />
        </Form.Item>
        <Form.Item name="partyMember" label={t('register.partyMember')} valuePropName="checked">
          <Switch />
        </Form.Item>
        <Form.Item name="availability" label={t('register.availability')}>
          <AvailabilityGrid />
        </Form.Item>
      </Form>
    </Drawer>
  );
}
