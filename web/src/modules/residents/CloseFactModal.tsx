import { App, DatePicker, Form, Input, Modal, Typography } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useCallback } from 'react';
import { useTranslation } from 'react-i18next';
import type { Fact } from '../../../../contracts/api/persons.ts';
import { fromDay, todayInShanghai } from '../../app/format.ts';
import { type ApiIssue, FormErrors, useFormErrors } from '../../app/forms.tsx';
import { useCloseFact } from './api.ts';
import { describeFact, rewriteFactIssue } from './labels.ts';

const CLOSE_FIELDS = ['validTo', 'reason'];

/** Ends an open fact on a date the worker gives (the last day it held, inclusive). */
export function CloseFactModal({ fact, onClose }: { fact: Fact; onClose: () => void }) {
  const { t } = useTranslation('residents');
  const { message } = App.useApp();
  const [form] = Form.useForm<{ validTo: Dayjs; reason?: string }>();
  const rewrite = useCallback((issue: ApiIssue) => rewriteFactIssue(t, issue), [t]);
  const errors = useFormErrors(form, CLOSE_FIELDS, rewrite);
  const close = useCloseFact(fact.personId);

  const submit = (v: { validTo: Dayjs; reason?: string }) =>
    close.mutate(
      { factId: fact.id, validTo: fromDay(v.validTo)!, reason: v.reason?.trim() || undefined },
      {
        onSuccess: () => {
          message.success(t('facts.closed'));
          onClose();
        },
        onError: errors.report,
      },
    );

  return (
    <Modal
      open
      title={t('facts.endTitle')}
      okText={t('facts.endConfirm')}
      okButtonProps={{ danger: true }}
      cancelText={t('common:actions.cancel')}
      confirmLoading={close.isPending}
      onOk={() => form.submit()}
      onCancel={onClose}
      destroyOnHidden
    >
      <Typography.Paragraph>
        <Typography.Text strong>{t(`factKinds.${fact.kind}`)}</Typography.Text>
        {t('common:colon')}
        {describeFact(t, fact)}
        <br />
        <Typography.Text type="secondary">
          {t('facts.validity')}
          {t('common:colon')}
          {fact.validFrom} — {t('common:untilNow')}
        </Typography.Text>
      </Typography.Paragraph>
      <FormErrors messages={errors.messages} />
      <Form
        form={form}
        layout="vertical"
        onFinish={submit}
        initialValues={{ validTo: dayjs(todayInShanghai()) }}
      >
        <Form.Item
          name="validTo"
          label={t('facts.endDate')}
          rules={[
            { required: true, message: t('common:form.selectRequired', { field: t('facts.endDate') }) },
          ]}
        >
          <DatePicker style={{ width: 180 }} />
        </Form.Item>
        <Form.Item name="reason" label={t('facts.endReason')}>
          <Input.TextArea rows={2} maxLength={500} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
