import { Alert, Form, Input, InputNumber, Rate, Select, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ClaimantOption, NeedClaim, NeedDetail } from '../../../../contracts/api/needs.ts';
import { NEED_LIMITS } from '../../../../contracts/api/needs.ts';
import { FormDrawer, FormModal, useFieldRules } from '../../app/FormDialog.tsx';
import { OrgSelect } from '../service-points/OrgSelect.tsx';
import { useClaim, useClaimAction, useNeedAction, useVolunteerSearch } from './api.ts';
import { useNeedLabels } from './labels.tsx';

type Close = () => void;

export function CancelNeedModal({ need, onClose }: { need: NeedDetail; onClose: Close }) {
  const { t } = useTranslation('needs');
  const rules = useFieldRules();
  const cancel = useNeedAction(need.id, 'cancel');
  return (
    <FormModal<{ reason: string }>
      title={t('cancel.title')}
      okText={t('actions.cancel')}
      okButtonProps={{ danger: true }}
      fields={['reason']}
      onSubmit={(v) => cancel.mutateAsync({ version: need.version, reason: v.reason.trim() })}
      success={() => t('cancel.done')}
      onClose={onClose}
    >
      <Form.Item name="reason" label={t('cancel.reason')} rules={rules.text(t('cancel.reason'))}>
        <Input.TextArea
          rows={3}
          maxLength={NEED_LIMITS.reasonMax}
          placeholder={t('cancel.reasonPlaceholder')}
        />
      </Form.Item>
    </FormModal>
  );
}

/**
 * Claims seats as one of the claimants the user acts for. A volunteer claims one seat; an
 * organisation or a team as many as are left.
 */
export function ClaimModal({
  needId,
  seatsLeft,
  claimAs,
  onClose,
}: {
  needId: string;
  seatsLeft: number;
  claimAs: ClaimantOption[];
  onClose: Close;
}) {
  const { t } = useTranslation('needs');
  const labels = useNeedLabels();
  const [form] = Form.useForm<{ as: string; seats: number; note?: string }>();
  const claim = useClaim();
  const as = Form.useWatch('as', form) ?? `${claimAs[0]?.type}:${claimAs[0]?.id}`;
  const chosen = claimAs.find((o) => `${o.type}:${o.id}` === as);
  const isVolunteer = chosen?.type === 'volunteer';
  return (
    <FormModal
      form={form}
      title={t('claim.title')}
      okText={t('claim.submit')}
      fields={['seats', 'note', 'claimantId']}
      initialValues={{ as: `${claimAs[0]?.type}:${claimAs[0]?.id}`, seats: 1 }}
      onSubmit={(v) => {
        const o = claimAs.find((x) => `${x.type}:${x.id}` === v.as);
        if (!o) return undefined;
        return claim.mutateAsync({
          needId,
          claimantType: o.type,
          claimantId: o.type === 'volunteer' ? undefined : o.id,
          seats: o.type === 'volunteer' ? 1 : v.seats,
          note: v.note?.trim() || undefined,
        });
      }}
      success={() => t('claim.done')}
      onClose={onClose}
    >
      <Form.Item name="as" label={t('claim.as')}>
        <Select
          options={claimAs.map((o) => ({
            value: `${o.type}:${o.id}`,
            label: `${labels.claimant(o.type)} · ${o.name}`,
          }))}
        />
      </Form.Item>
      {isVolunteer ? (
        <Typography.Paragraph type="secondary">{t('claim.oneSeat')}</Typography.Paragraph>
      ) : (
        <Form.Item name="seats" label={t('claim.seats')} extra={t('claim.seatsHint', { count: seatsLeft })}>
          <InputNumber<number> min={1} max={Math.max(1, seatsLeft)} precision={0} style={{ width: 120 }} />
        </Form.Item>
      )}
      <Form.Item name="note" label={t('claim.note')}>
        <Input maxLength={NEED_LIMITS.reasonMax} />
      </Form.Item>
    </FormModal>
  );
}

/** Picks volunteers: a team's members, or (for an organisation) any active volunteer found by search. */
function VolunteerPicker({
  claim,
  value,
  onChange,
  max,
}: {
  claim: NeedClaim;
  value?: string[];
  onChange?: (ids: string[]) => void;
  max: number;
}) {
  const { t } = useTranslation('needs');
  const [q, setQ] = useState('');
  const isTeam = claim.claimantType === 'team';
  const search = useVolunteerSearch(q, !isTeam && q.length > 0);
  const known = new Map<string, string>();
  for (const v of [...claim.volunteers, ...claim.candidates]) known.set(v.id, `${v.name} ${v.volunteerNo}`);
  for (const v of search.data?.items ?? []) known.set(v.id, `${v.name} ${v.volunteerNo}`);
  const ids = isTeam
    ? claim.candidates.map((c) => c.id)
    : [...new Set([...(value ?? []), ...(search.data?.items ?? []).map((v) => v.id)])];
  return (
    <Select
      mode="multiple"
      value={value}
      onChange={onChange}
      maxCount={max}
      placeholder={t('name.search')}
      loading={search.isFetching}
      showSearch={
        isTeam ? { optionFilterProp: 'label' } : { filterOption: false, onSearch: (s) => setQ(s.trim()) }
      }
      options={ids.map((id) => ({ value: id, label: known.get(id) ?? id }))}
      style={{ width: '100%' }}
    />
  );
}

export function NameVolunteersModal({
  need,
  claim,
  onClose,
}: {
  need: NeedDetail;
  claim: NeedClaim;
  onClose: Close;
}) {
  const { t } = useTranslation('needs');
  const action = useClaimAction();
  return (
    <FormModal<{ volunteerIds: string[] }>
      title={t('name.title')}
      okText={t('common:actions.save')}
      fields={['volunteerIds']}
      intro={
        <Typography.Paragraph type="secondary">{t('name.hint', { count: claim.seats })}</Typography.Paragraph>
      }
      initialValues={{ volunteerIds: claim.volunteers.map((v) => v.id) }}
      onSubmit={(v) =>
        action.mutateAsync({
          needId: need.id,
          claimId: claim.id,
          action: 'volunteers',
          body: { volunteerIds: v.volunteerIds ?? [] },
        })
      }
      success={() => t('name.done')}
      onClose={onClose}
    >
      <Form.Item name="volunteerIds" label={t('detail.namedVolunteers')}>
        <VolunteerPicker claim={claim} max={claim.seats} />
      </Form.Item>
    </FormModal>
  );
}

/**
 * Schedules a claimed need: the volunteers for every claim's seats (a volunteer's own claim
 * names themself), and the organisation that records the hours.
 */
export function ScheduleDrawer({ need, onClose }: { need: NeedDetail; onClose: Close }) {
  const { t } = useTranslation('needs');
  const labels = useNeedLabels();
  const rules = useFieldRules();
  const claims = need.claims.filter((c) => c.status === 'active');
  // The community names the volunteers of every claim; a claimant those of its own claims.
  const community = need.can.cancel;
  const editable = claims.filter((c) => c.claimantType !== 'volunteer' && (community || c.mine));
  const schedule = useNeedAction(need.id, 'schedule');
  const onlyVolunteers = claims.every((c) => c.claimantType === 'volunteer');
  return (
    <FormDrawer<{ assignments: Record<string, string[]>; orgId?: string }>
      title={t('schedule.title')}
      size={560}
      okText={t('schedule.submit')}
      fields={['orgId']}
      intro={<Alert type="info" showIcon title={t('schedule.hint')} style={{ marginBottom: 16 }} />}
      initialValues={{
        assignments: Object.fromEntries(claims.map((c) => [c.id, c.volunteers.map((v) => v.id)])),
      }}
      onSubmit={(v) =>
        schedule.mutateAsync({
          version: need.version,
          assignments: editable.map((c) => ({
            claimId: c.id,
            volunteerIds: v.assignments?.[c.id] ?? [],
          })),
          orgId: v.orgId || undefined,
        })
      }
      success={() => t('schedule.done')}
      onClose={onClose}
    >
      {claims.map((c) => (
        <Form.Item
          key={c.id}
          label={`${labels.claimant(c.claimantType)} · ${t('claims.claimedAs', { name: c.claimantName, seats: c.seats })}`}
        >
          {c.claimantType === 'volunteer' ? (
            <Typography.Text>
              {c.claimantName}（{t('schedule.selfNamed')}）
            </Typography.Text>
          ) : editable.includes(c) ? (
            <Form.Item name={['assignments', c.id]} noStyle>
              <VolunteerPicker claim={c} max={c.seats} />
            </Form.Item>
          ) : (
            <Typography.Text>
              {c.volunteers.map((v) => v.name).join('、') || t('detail.notNamed')}
            </Typography.Text>
          )}
        </Form.Item>
      ))}
      <Form.Item
        name="orgId"
        label={t('schedule.organiser')}
        extra={t('schedule.organiserHint')}
        rules={onlyVolunteers ? rules.selected(t('schedule.organiser')) : []}
      >
        <OrgSelect />
      </Form.Item>
    </FormDrawer>
  );
}

export function ConfirmNeedModal({ need, onClose }: { need: NeedDetail; onClose: Close }) {
  const { t } = useTranslation('needs');
  const rules = useFieldRules();
  const confirm = useNeedAction(need.id, 'confirm');
  return (
    <FormModal<{ peopleServed: number }>
      title={t('confirm.title')}
      okText={t('confirm.submit')}
      fields={['peopleServed']}
      initialValues={{ peopleServed: need.beneficiary ? 1 : need.headcount }}
      onSubmit={(v) => confirm.mutateAsync({ version: need.version, peopleServed: v.peopleServed })}
      success={() => t('confirm.done')}
      onClose={onClose}
    >
      <Form.Item
        name="peopleServed"
        label={t('confirm.peopleServed')}
        rules={rules.required(t('confirm.peopleServed'))}
      >
        <InputNumber<number> min={0} max={NEED_LIMITS.peopleServedMax} precision={0} style={{ width: 140 }} />
      </Form.Item>
    </FormModal>
  );
}

export function RateNeedModal({ need, onClose }: { need: NeedDetail; onClose: Close }) {
  const { t } = useTranslation('needs');
  const rules = useFieldRules();
  const rate = useNeedAction(need.id, 'rate');
  return (
    <FormModal<{ rating: number; comment?: string }>
      title={t('rate.title')}
      okText={t('rate.submit')}
      fields={['rating', 'comment']}
      initialValues={{ rating: 5 }}
      onSubmit={(v) =>
        rate.mutateAsync({ version: need.version, rating: v.rating, comment: v.comment?.trim() || undefined })
      }
      success={() => t('rate.done')}
      onClose={onClose}
    >
      <Form.Item name="rating" label={t('rate.rating')} rules={rules.selected(t('rate.rating'))}>
        <Rate allowClear={false} />
      </Form.Item>
      <Form.Item name="comment" label={t('rate.comment')}>
        <Input.TextArea rows={3} maxLength={NEED_LIMITS.commentMax} />
      </Form.Item>
    </FormModal>
  );
}
