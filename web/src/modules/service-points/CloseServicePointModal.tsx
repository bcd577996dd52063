import { Alert, App, DatePicker, Form, Input, Modal } from 'antd';
import type { Dayjs } from 'dayjs';
import { useTranslation } from 'react-i18next';
import type { ServicePoint } from '../../../../contracts/api/orgs.ts';
import { fromDay } from '../../app/format.ts';
import { FormErrors, useFormErrors } from '../../app/forms.tsx';
import { useCloseServicePoint } from './api.ts';

interface Values {
  reason: string;
  closedOn?: Dayjs | null;
}

export function CloseServicePointModal({ point, onClose }: { point: ServicePoint; onClose: () => void }) {
  const { t } = useTranslation('servicePoints');
  const { message } = App.useApp();
  const [form] = Form.useForm<Values>();
  const errors = useFormErrors(form, ['reason', 'closedOn']);
  const close = useCloseServicePoint(point.id);

  const submit = (v: Values) =>
    close.mutate(
      { reason: v.reason.trim(), closedOn: fromDay(v.closedOn) },
      {
        onSuccess: () => {
          message.success(t('closedDone'));
          onClose();
        },
        onError: errors.report,
      },
    );

  return (
    <Modal
      open
      title={`${t('closeTitle')} · ${point.name}`}
      okText={t('close')}
      okButtonProps={{ danger: true }}
      cancelText={t('common:actions.cancel')}
      confirmLoading={close.isPending}
      onOk={() => form.submit()}
      onCancel={onClose}
      destroyOnHidden
    >
      <Alert type="warning" showIcon title={t('closeNote')} style={{ marginBottom: 16 }} />
      <FormErrors messages={errors.messages} />
      <Form<Values> form={form} layout="vertical" onFinish={submit}>
        <Form.Item
          name="reason"
          label={t('closeReason')}
          rules={[
            {
              required: true,
              whitespace: true,
              message: t('common:form.required', { field: t('closeReason') }),
            },
          ]}
        >
          <Input.TextArea rows={3} maxLength={500} autoFocus />
        </Form.Item>
        <Form.Item name="closedOn" label={t('closedOn')} extra={t('closedOnHint')}>
          <DatePicker style={{ width: 180 }} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
