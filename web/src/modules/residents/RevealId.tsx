import { EyeInvisibleOutlined, EyeOutlined } from '@ant-design/icons';
import { Alert, Button, Flex, Form, Input, Modal, Space, Tag, Tooltip, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { PersonDetail } from '../../../../contracts/api/persons.ts';
import { FormErrors, useFormErrors } from '../../app/forms.tsx';
import { type RevealResponse, useRevealPerson } from './api.ts';

const REASON_KEYS = ['identity', 'visit', 'call'] as const;

/**
 * The masked ID number and phone; users allowed to reveal them may ask for the full values,
 * giving a reason that goes into the audit log with the reveal.
 */
export function RevealId({ person }: { person: PersonDetail }) {
  const { t } = useTranslation('residents');
  const [asking, setAsking] = useState(false);
  const [revealed, setRevealed] = useState<RevealResponse | null>(null);
  const [form] = Form.useForm<{ reason: string }>();
  const errors = useFormErrors(form, ['reason']);
  const reveal = useRevealPerson(person.id);

  const submit = ({ reason }: { reason: string }) =>
    reveal.mutate(reason.trim(), {
      onSuccess: (r) => {
        setRevealed(r);
        setAsking(false);
        form.resetFields();
      },
      onError: errors.report,
    });

  return (
    <Space size={24} wrap>
      <span>
        <Typography.Text type="secondary">
          {t('columns.idNumber')}
          {t('common:colon')}
        </Typography.Text>
        <Typography.Text className="ms-mono" copyable={revealed ? { text: revealed.idNumber } : false}>
          {revealed?.idNumber ?? person.idMasked}
        </Typography.Text>
      </span>
      <span>
        <Typography.Text type="secondary">
          {t('columns.phone')}
          {t('common:colon')}
        </Typography.Text>
        <Typography.Text className="ms-mono">
          {revealed ? (revealed.phone ?? '—') : (person.phoneMasked ?? '—')}
        </Typography.Text>
      </span>
      {person.canRevealId &&
        (revealed ? (
          <Tooltip title={t('detail.revealed')}>
            <Button size="small" icon={<EyeInvisibleOutlined />} onClick={() => setRevealed(null)}>
              {t('detail.hide')}
            </Button>
          </Tooltip>
        ) : (
          <Button size="small" icon={<EyeOutlined />} onClick={() => setAsking(true)}>
            {t('detail.reveal')}
          </Button>
        ))}
      <Modal
        open={asking}
        title={t('detail.revealTitle')}
        okText={t('common:actions.confirm')}
        cancelText={t('common:actions.cancel')}
        confirmLoading={reveal.isPending}
        onOk={() => form.submit()}
        onCancel={() => {
          setAsking(false);
          errors.clear();
        }}
        destroyOnHidden
      >
        <Alert type="info" showIcon title={t('detail.revealNote')} style={{ marginBottom: 16 }} />
        <FormErrors messages={errors.messages} />
        <Form form={form} layout="vertical" onFinish={submit}>
          <Form.Item
            name="reason"
            label={t('detail.revealReason')}
            rules={[{ required: true, whitespace: true, message: t('detail.revealReasonRequired') }]}
          >
            <Input.TextArea rows={2} maxLength={200} autoFocus />
          </Form.Item>
          <Flex gap={6} wrap style={{ marginBottom: 8 }}>
            {REASON_KEYS.map((k) => (
              <Tag.CheckableTag
                key={k}
                checked={false}
                style={{ border: '1px solid #d9d9d9' }}
                onChange={() => form.setFieldsValue({ reason: t(`detail.revealReasons.${k}`) })}
              >
                {t(`detail.revealReasons.${k}`)}
              </Tag.CheckableTag>
            ))}
          </Flex>
        </Form>
      </Modal>
    </Space>
  );
}
