import { MinusCircleOutlined, PlusOutlined } from '@ant-design/icons';
import { Button, DatePicker, Form, Input, InputNumber, Select, Space, Switch, Typography } from 'antd';
import type { Dayjs } from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import {
  VOLUNTEER_STATUSES,
  type VolunteerDetail,
  type VolunteerSkill,
  type VolunteerStatus,
} from '../../../../contracts/api/volunteers.ts';
import { FormDrawer, FormModal, useFieldRules } from '../../app/FormDialog.tsx';
import { fromDay, toDay } from '../../app/format.ts';
import { AreaSelect } from '../areas/AreaSelect.tsx';
import { formatMoney, useLang } from '../funds/money.tsx';
import { PersonSelect } from '../residents/PersonSelect.tsx';
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
  const labels = useVolunteerLabels();
  const update = useUpdateVolunteer(volunteer.id);
  const [unlink, setUnlink] = useState(false);

  const submit = (v: EditValues) => {
    const username = v.username?.trim();
    const moved = v.areaCode !== volunteer.areaCode;
    return update.mutateAsync({
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
    });
  };

  return (
    <FormDrawer<EditValues>
      title={t('edit.title')}
      size={600}
      okText={t('common:actions.save')}
      fields={EDIT_FIELDS}
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
      onSubmit={submit}
      success={() => t('edit.saved')}
      onClose={onClose}
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
    </FormDrawer>
  );
}

export function StatusModal({ volunteer, onClose }: { volunteer: VolunteerDetail; onClose: () => void }) {
  const { t } = useTranslation('volunteers');
  const labels = useVolunteerLabels();
  const change = useVolunteerStatus(volunteer.id);
  return (
    <FormModal<{ status: VolunteerStatus; reason?: string }>
      title={t('status.title')}
      okText={t('common:actions.confirm')}
      fields={['status', 'reason']}
      initialValues={{ status: VOLUNTEER_STATUSES.find((s) => s !== volunteer.status) }}
      onSubmit={(v) =>
        change.mutateAsync({
          status: v.status,
          reason: v.reason?.trim() || undefined,
          version: volunteer.version,
        })
      }
      success={() => t('status.done')}
      onClose={onClose}
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
    </FormModal>
  );
}

interface DonateValues {
  personId: string;
  minutes: number;
  note?: string;
}

export function DonateModal({ volunteer, onClose }: { volunteer: VolunteerDetail; onClose: () => void }) {
  const { t } = useTranslation('volunteers');
  const lang = useLang();
  const rules = useFieldRules();
  const donate = useDonateTime(volunteer.id);
  // One key per opened dialog: pressing the button twice donates once.
  const [key] = useState(() => crypto.randomUUID());
  const [elderName, setElderName] = useState('');
  const available = volunteer.balances.timeBankMinutes;
  return (
    <FormModal
      title={t('donate.title')}
      okText={t('donate.submit')}
      okButtonProps={{ disabled: available <= 0 }}
      fields={['personId', 'minutes', 'note']}
      intro={
        <>
          <Typography.Paragraph type="secondary">{t('donate.note')}</Typography.Paragraph>
          <Typography.Paragraph strong>
            {t('donate.available', { value: formatMoney(available, 'minute', lang) })}
          </Typography.Paragraph>
        </>
      }
      initialValues={{ minutes: Math.min(60, Math.max(1, available)) }}
      onSubmit={(v: DonateValues) =>
        donate.mutateAsync({
          personId: v.personId,
          minutes: v.minutes,
          note: v.note?.trim() || undefined,
          key,
        })
      }
      success={(r) =>
        t('donate.done', { value: formatMoney(r.minutes, 'minute', lang), name: r.elderName || elderName })
      }
      onClose={onClose}
    >
      <Form.Item name="personId" label={t('donate.elder')} rules={rules.required(t('donate.elder'))}>
        <PersonSelect
          placeholder={t('donate.elderPlaceholder')}
          onPick={(p) => setElderName(p?.name ?? '')}
        />
      </Form.Item>
      <Form.Item name="minutes" label={t('donate.minutes')} rules={rules.required(t('donate.minutes'))}>
        <InputNumber<number> min={1} max={Math.max(1, available)} precision={0} style={{ width: 160 }} />
      </Form.Item>
      <Form.Item name="note" label={t('donate.memo')}>
        <Input maxLength={200} />
      </Form.Item>
    </FormModal>
  );
}
