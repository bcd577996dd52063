import { App, Form, Input, Modal, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { FormErrors, useFormErrors } from '../../app/forms.tsx';
import { MonthPicker, thisMonth } from '../funds/months.tsx';
import { useEndEnrolment, useEnrol, useIssueCard } from './api.ts';

const ENROL_FIELDS = ['fromMonth', 'reason'];
const END_FIELDS = ['toMonth', 'endReason'];
const CARD_FIELDS = ['cardNo'];

/** Puts an elder on the 重阳分 list from a month (the server checks age, death and overlaps). */
export function EnrolModal({
  personId,
  name,
  onClose,
}: {
  personId: string;
  name: string;
  onClose: () => void;
}) {
  const { t } = useTranslation('careCredits');
  const { message } = App.useApp();
  const [form] = Form.useForm<{ fromMonth: string; reason?: string }>();
  const errors = useFormErrors(form, ENROL_FIELDS);
  const enrol = useEnrol();
  const submit = (v: { fromMonth: string; reason?: string }) =>
    enrol.mutate(
      { personId, fromMonth: v.fromMonth, reason: v.reason?.trim() || undefined },
      {
        onSuccess: () => {
          message.success(t('enrol.done', { name }));
          onClose();
        },
        onError: errors.report,
      },
    );
  return (
    <Modal
      open
      title={t('enrol.title', { name })}
      okText={t('enrol.ok')}
      cancelText={t('common:actions.cancel')}
      confirmLoading={enrol.isPending}
      onOk={() => form.submit()}
      onCancel={onClose}
      destroyOnHidden
    >
      <Typography.Paragraph type="secondary">{t('enrol.note')}</Typography.Paragraph>
      <FormErrors messages={errors.messages} />
      <Form form={form} layout="vertical" onFinish={submit} initialValues={{ fromMonth: thisMonth() }}>
        <Form.Item
          name="fromMonth"
          label={t('enrol.fromMonth')}
          rules={[
            { required: true, message: t('common:form.selectRequired', { field: t('enrol.fromMonth') }) },
          ]}
        >
          <MonthPicker />
        </Form.Item>
        <Form.Item name="reason" label={t('enrol.reason')} extra={t('enrol.reasonHint')}>
          <Input.TextArea rows={2} maxLength={500} />
        </Form.Item>
      </Form>
    </Modal>
  );
}

/** Ends an enrolment after its last month; the reason goes into the audit log. */
export function EndEnrolmentModal({
  enrolmentId,
  name,
  fromMonth,
  onClose,
}: {
  enrolmentId: string;
  name: string;
  fromMonth: string;
  onClose: () => void;
}) {
  const { t } = useTranslation('careCredits');
  const { message } = App.useApp();
  const [form] = Form.useForm<{ toMonth: string; endReason: string }>();
  const errors = useFormErrors(form, END_FIELDS);
  const end = useEndEnrolment();
  const submit = (v: { toMonth: string; endReason: string }) =>
    end.mutate(
      { id: enrolmentId, toMonth: v.toMonth, endReason: v.endReason.trim() },
      {
        onSuccess: () => {
          message.success(t('end.done', { name }));
          onClose();
        },
        onError: errors.report,
      },
    );
  return (
    <Modal
      open
      title={t('end.title', { name })}
      okText={t('end.ok')}
      okButtonProps={{ danger: true }}
      cancelText={t('common:actions.cancel')}
      confirmLoading={end.isPending}
      onOk={() => form.submit()}
      onCancel={onClose}
      destroyOnHidden
    >
      <Typography.Paragraph type="secondary">{t('end.note', { fromMonth })}</Typography.Paragraph>
      <FormErrors messages={errors.messages} />
      <Form form={form} layout="vertical" onFinish={submit} initialValues={{ toMonth: thisMonth() }}>
        <Form.Item
          name="toMonth"
          label={t('end.toMonth')}
          rules={[{ required: true, message: t('common:form.selectRequired', { field: t('end.toMonth') }) }]}
        >
          <MonthPicker />
        </Form.Item>
        <Form.Item
          name="endReason"
          label={t('end.reason')}
          rules={[
            {
              required: true,
              whitespace: true,
              message: t('common:form.required', { field: t('end.reason') }),
            },
          ]}
        >
          <Input.TextArea rows={2} maxLength={500} />
        </Form.Item>
      </Form>
    </Modal>
  );
}

/** Registers a 市民卡 / 爱心卡 number to the elder; a new card replaces the old one. */
export function IssueCardModal({
  personId,
  name,
  onClose,
  onIssued,
}: {
  personId: string;
  name: string;
  onClose: () => void;
  onIssued: (cardNo: string) => void;
}) {
  const { t } = useTranslation('careCredits');
  const { message } = App.useApp();
  const [form] = Form.useForm<{ cardNo: string }>();
  const errors = useFormErrors(form, CARD_FIELDS);
  const issue = useIssueCard(personId);
  const submit = (v: { cardNo: string }) =>
    issue.mutate(
      { cardNo: v.cardNo.trim() },
      {
        onSuccess: (card) => {
          message.success(t('card.done', { cardNo: card.cardNo }));
          onIssued(card.cardNo);
          onClose();
        },
        onError: errors.report,
      },
    );
  return (
    <Modal
      open
      title={t('card.title', { name })}
      okText={t('card.ok')}
      cancelText={t('common:actions.cancel')}
      confirmLoading={issue.isPending}
      onOk={() => form.submit()}
      onCancel={onClose}
      destroyOnHidden
    >
      <Typography.Paragraph type="secondary">{t('card.note')}</Typography.Paragraph>
      <FormErrors messages={errors.messages} />
      <Form form={form} layout="vertical" onFinish={submit}>
        <Form.Item
          name="cardNo"
          label={t('card.cardNo')}
          rules={[
            {
              required: true,
              whitespace: true,
              message: t('common:form.required', { field: t('card.cardNo') }),
            },
            { pattern: /^\s*[0-9A-Za-z-]{4,32}\s*$/, message: t('card.format') },
          ]}
        >
          <Input className="ms-mono" maxLength={32} autoFocus />
        </Form.Item>
      </Form>
    </Modal>
  );
}
