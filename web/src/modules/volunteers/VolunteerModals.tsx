import { MinusCircleOutlined, PlusOutlined } from '@ant-design/icons';
import {
  App,
  Button,
  DatePicker,
  Drawer,
  Form,
  Input,
  InputNumber,
  Modal,
  Select,
  Space,
  Switch,
  Typography,
} from 'antd';
import type { Dayjs } from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import {
  VOLUNTEER_STATUSES,
  type VolunteerDetail,
  type VolunteerSkill,
  type VolunteerStatus,
} from '../../../../contracts/api/volunteers.ts';
import { fromDay, toDay } from '../../app/format.ts';
import { FormErrors, useFormErrors } from '../../app/forms.tsx';
import { AreaSelect } from '../areas/AreaSelect.tsx';
import { formatMoney, useLang } from '../funds/money.tsx';
import { ElderSelect } from '../home-services/ElderSelect.tsx';
import { useDonateTime, useUpdateVolunteer, useVolunteerStatus } from './api.ts';
import { AvailabilityGrid, useVolunteerLabels } from './labels.tsx';

const RESIDENCE_LEVELS = ['community', 'village'] as const;

interface EditValues {
  areaCode: string;
  skills: VolunteerSkill[];
  partyMember: boolean;
  availability: number;
  username?: string;
  lat?: number | null;
  lng?: number | null;
  certificates: { skill: VolunteerSkill; name: string; number?: string; validTo?: Dayjs }[];
}
const EDIT_FIELDS = [
  'areaCode',
  'skills',
  'partyMember',
  'availability',
  'username',
  'userId',
  'lat',
  'lng',
  'certificates',
];

export function EditVolunteerDrawer({
  volunteer,
  onClose,
}: {
  volunteer: VolunteerDetail;
  onClose: () => void;
}) {
  const { t } = useTranslation('volunteers');
  const { message } = App.useApp();
  const labels = useVolunteerLabels();
  const [form] = Form.useForm<EditValues>();
  const errors = useFormErrors(form, EDIT_FIELDS);
  const update = useUpdateVolunteer(volunteer.id);
  const [unlink, setUnlink] = useState(false);

  const submit = (v: EditValues) => {
    errors.clear();
    const username = v.username?.trim();
    const moved = v.areaCode !== volunteer.areaCode;
    update.mutate(
      {
        areaCode: v.areaCode,
        skills: v.skills,
        partyMember: v.partyMember,
        availability: v.availability,
        // Moved to another community with the old position untouched: start from the new centre.
        ...(moved && v.lat === volunteer.lat && v.lng === volunteer.lng
          ? { lat: null, lng: null }
          : { lat: v.lat ?? null, lng: v.lng ?? null }),
        certificates: v.certificates.map((c) => ({
          skill: c.skill,
          name: c.name,
          number: c.number?.trim() || null,
          validTo: fromDay(c.validTo) ?? null,
        })),
        ...(unlink ? { userId: null } : username && username !== volunteer.username ? { username } : {}),
        version: volunteer.version,
      },
      {
        onSuccess: () => {
          message.success(t('edit.saved'));
          onClose();
        },
        onError: errors.report,
      },
    );
  };

  return (
    <Drawer
      open
      title={t('edit.title')}
      size={600}
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
      <Form<EditValues>
        form={form}
        layout="vertical"
        onFinish={submit}
        initialValues={{
          areaCode: volunteer.areaCode,
          skills: volunteer.skills as VolunteerSkill[],
          partyMember: volunteer.partyMember,
          availability: volunteer.availability,
          username: volunteer.username ?? undefined,
          lat: volunteer.lat,
          lng: volunteer.lng,
          certificates: volunteer.certificates.map((c) => ({
            skill: c.skill as VolunteerSkill,
            name: c.name,
            number: c.number ?? undefined,
            validTo: toDay(c.validTo),
          })),
        }}
      >
        <Form.Item name="areaCode" label={t('register.serving')}>
          <AreaSelect levels={RESIDENCE_LEVELS} />
        </Form.Item>
        <Form.Item name="skills" label={t('register.skills')}>
          <Select mode="multiple" allowClear options={labels.skillOptions} maxCount={20} />
        </Form.Item>
        <Form.Item label={t('edit.certificates')}>
          <Form.List name="certificates">
            {(fields, { add, remove }) => (
              <>
                {fields.map((f) => (
                  <Space key={f.key} align="start" wrap style={{ display: 'flex', marginBottom: 4 }}>
                    <Form.Item
                      name={[f.name, 'skill']}
                      rules={[{ required: true, message: t('edit.certSkill') }]}
                      noStyle
                    >
                      <Select
                        options={labels.skillOptions}
                        placeholder={t('edit.certSkill')}
                        style={{ width: 120 }}
                      />
                    </Form.Item>
                    <Form.Item
                      name={[f.name, 'name']}
                      rules={[{ required: true, whitespace: true, message: t('edit.certName') }]}
                      noStyle
                    >
                      <Input placeholder={t('edit.certName')} maxLength={60} style={{ width: 160 }} />
                    </Form.Item>
                    <Form.Item name={[f.name, 'number']} noStyle>
                      <Input placeholder={t('edit.certNumber')} maxLength={60} style={{ width: 120 }} />
                    </Form.Item>
                    <Form.Item name={[f.name, 'validTo']} noStyle>
                      <DatePicker placeholder={t('edit.certValidTo')} style={{ width: 130 }} />
                    </Form.Item>
                    <Button
                      type="text"
                      aria-label={t('teams.remove')}
                      icon={<MinusCircleOutlined />}
                      onClick={() => remove(f.name)}
                    />
                  </Space>
                ))}
                <Button
                  type="dashed"
                  icon={<PlusOutlined />}
                  onClick={() => add({ skill: undefined, name: '' })}
                >
                  {t('edit.addCertificate')}
                </Button>
              </>
            )}
          </Form.List>
        </Form.Item>
        <Form.Item name="partyMember" label={t('register.partyMember')} valuePropName="checked">
          <Switch />
        </Form.Item>
        <Form.Item name="availability" label={t('register.availability')}>
          <AvailabilityGrid />
        </Form.Item>
        <Form.Item name="username" label={t('edit.username')} extra={t('edit.usernameHint')}>
          <Input maxLength={60} disabled={unlink} autoComplete="off" />
        </Form.Item>
        {volunteer.userId && (
          <Form.Item>
            <Switch checked={unlink} onChange={setUnlink} /> {t('edit.unlink')}
          </Form.Item>
        )}
        <Space align="start">
          <Form.Item name="lat" label={t('edit.lat')}>
            <InputNumber<number> step={0.0001} precision={6} style={{ width: 150 }} />
          </Form.Item>
          <Form.Item name="lng" label={t('edit.lng')} extra={t('edit.coordinatesHint')}>
            <InputNumber<number> step={0.0001} precision={6} style={{ width: 150 }} />
          </Form.Item>
        </Space>
      </Form>
    </Drawer>
  );
}

export function StatusModal({ volunteer, onClose }: { volunteer: VolunteerDetail; onClose: () => void }) {
  const { t } = useTranslation('volunteers');
  const { message } = App.useApp();
  const labels = useVolunteerLabels();
  const [form] = Form.useForm<{ status: VolunteerStatus; reason?: string }>();
  const errors = useFormErrors(form, ['status', 'reason']);
  const change = useVolunteerStatus(volunteer.id);
  return (
    <Modal
      open
      title={t('status.title')}
      onCancel={onClose}
      okButtonProps={{ loading: change.isPending }}
      onOk={() => form.submit()}
      destroyOnHidden
    >
      <FormErrors messages={errors.messages} />
      <Form
        form={form}
        layout="vertical"
        initialValues={{ status: VOLUNTEER_STATUSES.find((s) => s !== volunteer.status) }}
        onFinish={(v) => {
          errors.clear();
          change.mutate(
            { status: v.status, reason: v.reason?.trim() || undefined, version: volunteer.version },
            {
              onSuccess: () => {
                message.success(t('status.done'));
                onClose();
              },
              onError: errors.report,
            },
          );
        }}
      >
        <Form.Item name="status" label={t('status.to')}>
          <Select
            options={VOLUNTEER_STATUSES.filter((s) => s !== volunteer.status).map((s) => ({
              value: s,
              label: labels.status(s),
            }))}
          />
        </Form.Item>
        <Form.Item name="reason" label={t('status.reason')} extra={t('status.reasonHint')}>
          <Input.TextArea rows={2} maxLength={500} />
        </Form.Item>
      </Form>
    </Modal>
  );
}

export function DonateModal({ volunteer, onClose }: { volunteer: VolunteerDetail; onClose: () => void }) {
  const { t } = useTranslation('volunteers');
  const { message } = App.useApp();
  const lang = useLang();
  const [form] = Form.useForm<{ personId: string; minutes: number; note?: string }>();
  const errors = useFormErrors(form, ['personId', 'minutes', 'note']);
  const donate = useDonateTime(volunteer.id);
  // One key per opened dialog: pressing the button twice donates once.
  const [key] = useState(() => crypto.randomUUID());
  const [elderName, setElderName] = useState('');
  const available = volunteer.balances.timeBankMinutes;
  return (
    <Modal
      open
      title={t('donate.title')}
      onCancel={onClose}
      okText={t('donate.submit')}
      okButtonProps={{ loading: donate.isPending, disabled: available <= 0 }}
      onOk={() => form.submit()}
      destroyOnHidden
    >
      <Typography.Paragraph type="secondary">{t('donate.note')}</Typography.Paragraph>
      <Typography.Paragraph strong>
        {t('donate.available', { value: formatMoney(available, 'minute', lang) })}
      </Typography.Paragraph>
      <FormErrors messages={errors.messages} />
      <Form
        form={form}
        layout="vertical"
        initialValues={{ minutes: Math.min(60, Math.max(1, available)) }}
        onFinish={(v) => {
          errors.clear();
          donate.mutate(
            { personId: v.personId, minutes: v.minutes, note: v.note?.trim() || undefined, key },
            {
              onSuccess: (r) => {
                message.success(
                  t('donate.done', {
                    value: formatMoney(r.minutes, 'minute', lang),
                    name: r.elderName || elderName,
                  }),
                );
                onClose();
              },
              onError: errors.report,
            },
          );
        }}
      >
        <Form.Item
          name="personId"
          label={t('donate.elder')}
          rules={[{ required: true, message: t('form.required', { field: t('donate.elder') }) }]}
        >
          <ElderSelect
            placeholder={t('donate.elderPlaceholder')}
            onPick={(p) => setElderName(p?.name ?? '')}
          />
        </Form.Item>
        <Form.Item
          name="minutes"
          label={t('donate.minutes')}
          rules={[{ required: true, message: t('form.required', { field: t('donate.minutes') }) }]}
        >
          <InputNumber<number> min={1} max={Math.max(1, available)} precision={0} style={{ width: 160 }} />
        </Form.Item>
        <Form.Item name="note" label={t('donate.memo')}>
          <Input maxLength={200} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
