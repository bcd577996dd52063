import { Alert, App, DatePicker, Form, Input, InputNumber, Modal } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useTranslation } from 'react-i18next';
import type { ServiceRecord } from '../../../../contracts/api/activities.ts';
import { fromDay } from '../../app/format.ts';
import { FormErrors, useFormErrors } from '../../app/forms.tsx';
import { OrgSelect } from '../service-points/OrgSelect.tsx';
import { useCertificateActions, useRecordActions } from './api.ts';
import { VolunteerSelect } from './VolunteerSelect.tsx';

/** Rejects a pending record with a reason the volunteer sees. */
export function RejectModal({ record, onClose }: { record: ServiceRecord; onClose: () => void }) {
  const { t } = useTranslation('activities');
  const { message } = App.useApp();
  const [form] = Form.useForm<{ reason: string }>();
  const errors = useFormErrors(form, ['reason']);
  const { reject } = useRecordActions();
  const submit = ({ reason }: { reason: string }) =>
    reject.mutate(
      { id: record.id, version: record.version, reason: reason.trim() },
      {
        onSuccess: () => {
          message.success(t('detail.rejected'));
          onClose();
        },
        onError: errors.report,
      },
    );
  return (
    <Modal
      open
      title={`${t('detail.rejectTitle')}：${record.volunteerName}`}
      okText={t('detail.reject')}
      okButtonProps={{ danger: true, loading: reject.isPending }}
      onOk={() => void form.validateFields().then(submit, () => undefined)}
      onCancel={onClose}
      destroyOnHidden
    >
      <FormErrors messages={errors.messages} />
      <Form form={form} layout="vertical">
        <Form.Item
          name="reason"
          label={t('detail.reason')}
          rules={[{ required: true, message: t('common:form.required', { field: t('detail.reason') }) }]}
        >
          <Input.TextArea rows={3} maxLength={500} />
        </Form.Item>
      </Form>
    </Modal>
  );
}

interface CorrectValues {
  span: [Dayjs, Dayjs];
  minutes?: number;
  reason: string;
}

/** New times (and minutes) for a record, with the reason kept in the audit log. */
export function CorrectModal({ record, onClose }: { record: ServiceRecord; onClose: () => void }) {
  const { t } = useTranslation('activities');
  const { message } = App.useApp();
  const [form] = Form.useForm<CorrectValues>();
  const errors = useFormErrors(form, ['span', 'minutes', 'reason']);
  const { correct } = useRecordActions();
  const submit = (v: CorrectValues) =>
    correct.mutate(
      {
        id: record.id,
        version: record.version,
        startedAt: v.span[0].second(0).millisecond(0).toISOString(),
        endedAt: v.span[1].second(0).millisecond(0).toISOString(),
        minutes: v.minutes ?? undefined,
        reason: v.reason.trim(),
      },
      {
        onSuccess: () => {
          message.success(t('detail.corrected'));
          onClose();
        },
        onError: (err) => {
          errors.report(err);
          const issues = (err as { issues?: { field: string; message: string }[] }).issues ?? [];
          const onSpan = issues
            .filter((i) => i.field === 'startedAt' || i.field === 'endedAt')
            .map((i) => i.message);
          if (onSpan.length) form.setFields([{ name: 'span', errors: onSpan }]);
        },
      },
    );
  return (
    <Modal
      open
      title={`${t('detail.correctTitle')}：${record.volunteerName}`}
      okText={t('detail.correct')}
      okButtonProps={{ loading: correct.isPending }}
      onOk={() => void form.validateFields().then(submit, () => undefined)}
      onCancel={onClose}
      destroyOnHidden
    >
      {record.status === 'confirmed' && (
        <Alert type="info" showIcon style={{ marginBottom: 12 }} message={t('detail.correctNote')} />
      )}
      <FormErrors messages={errors.messages} />
      <Form<CorrectValues>
        form={form}
        layout="vertical"
        initialValues={{ span: [dayjs(record.startedAt), dayjs(record.endedAt)] }}
      >
        <Form.Item name="span" label={t('detail.span')} rules={[{ required: true }]}>
          <DatePicker.RangePicker showTime={{ format: 'HH:mm' }} format="YYYY-MM-DD HH:mm" />
        </Form.Item>
        <Form.Item name="minutes" label={t('detail.minutesField')} extra={t('detail.minutesHint')}>
          <InputNumber min={1} />
        </Form.Item>
        <Form.Item
          name="reason"
          label={t('detail.reason')}
          rules={[{ required: true, message: t('common:form.required', { field: t('detail.reason') }) }]}
        >
          <Input.TextArea rows={2} maxLength={500} />
        </Form.Item>
      </Form>
    </Modal>
  );
}

interface IssueValues {
  volunteerId: string;
  orgId: string;
  period: [Dayjs, Dayjs];
  personInCharge?: string;
  handler?: string;
  contact?: string;
}

/** 志愿服务证明 for a volunteer and a period, over the organisation's confirmed records. */
export function IssueCertificateModal({
  volunteerId,
  volunteerName,
  orgId,
  orgName,
  onClose,
}: {
  volunteerId?: string;
  volunteerName?: string;
  orgId?: string;
  orgName?: string;
  onClose: () => void;
}) {
  const { t } = useTranslation('activities');
  const { message } = App.useApp();
  const [form] = Form.useForm<IssueValues>();
  const errors = useFormErrors(form, [
    'volunteerId',
    'orgId',
    'period',
    'personInCharge',
    'handler',
    'contact',
  ]);
  const { issue } = useCertificateActions();
  const submit = (v: IssueValues) =>
    issue.mutate(
      {
        volunteerId: v.volunteerId,
        orgId: v.orgId,
        periodFrom: fromDay(v.period[0])!,
        periodTo: fromDay(v.period[1])!,
        personInCharge: v.personInCharge?.trim() || undefined,
        handler: v.handler?.trim() || undefined,
        contact: v.contact?.trim() || undefined,
      },
      {
        onSuccess: (c) => {
          message.success(t('certificates.issued', { no: c.certNo }));
          window.open(`/api/certificates/${c.id}/pdf`, '_blank');
          onClose();
        },
        onError: (err) => {
          errors.report(err);
          const issues = (err as { issues?: { field: string; message: string }[] }).issues ?? [];
          const onPeriod = issues
            .filter((i) => i.field === 'periodFrom' || i.field === 'periodTo')
            .map((i) => i.message);
          if (onPeriod.length) form.setFields([{ name: 'period', errors: onPeriod }]);
        },
      },
    );
  const selected = (field: string) => [
    { required: true, message: t('common:form.selectRequired', { field }) },
  ];
  return (
    <Modal
      open
      width={560}
      title={t('certificates.issueTitle')}
      okText={t('certificates.issue')}
      okButtonProps={{ loading: issue.isPending }}
      onOk={() => void form.validateFields().then(submit, () => undefined)}
      onCancel={onClose}
      destroyOnHidden
    >
      <Alert type="info" showIcon style={{ marginBottom: 12 }} message={t('certificates.issueNote')} />
      <FormErrors messages={errors.messages} />
      <Form<IssueValues>
        form={form}
        layout="vertical"
        initialValues={{
          volunteerId,
          orgId,
          period: [dayjs().startOf('year'), dayjs()],
        }}
      >
        <Form.Item
          name="volunteerId"
          label={t('certificates.volunteer')}
          rules={selected(t('certificates.volunteer'))}
        >
          <VolunteerSelect currentLabel={volunteerName} />
        </Form.Item>
        <Form.Item name="orgId" label={t('certificates.org')} rules={selected(t('certificates.org'))}>
          <OrgSelect currentName={orgName} />
        </Form.Item>
        <Form.Item name="period" label={t('certificates.period')} rules={selected(t('certificates.period'))}>
          <DatePicker.RangePicker />
        </Form.Item>
        <Form.Item
          label={t('certificates.personInCharge')}
          name="personInCharge"
          extra={t('certificates.defaultsHint')}
        >
          <Input maxLength={40} />
        </Form.Item>
        <Form.Item label={t('certificates.handler')} name="handler">
          <Input maxLength={40} />
        </Form.Item>
        <Form.Item label={t('certificates.contact')} name="contact">
          <Input maxLength={40} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
