import { Alert, App, DatePicker, Form, Input, Modal, Radio } from 'antd';
import type { Dayjs } from 'dayjs';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { AreaLevel } from '../../../../contracts/domain.ts';
import { fromDay } from '../../app/format.ts';
import { FormErrors, useFormErrors } from '../../app/forms.tsx';
import { type AreaDetail, type AreaNode, useCloseArea, useCreateArea, useRenameArea } from './api.ts';

/** Which levels may sit under which (the district holds streets; streets hold communities and villages). */
export const CHILD_LEVELS: Record<AreaLevel, ('street' | 'community' | 'village')[]> = {
  district: ['street'],
  street: ['community', 'village'],
  community: [],
  village: [],
};

function ActionModal({
  title,
  okText,
  danger,
  pending,
  messages,
  onOk,
  onCancel,
  children,
}: {
  title: string;
  okText?: string;
  danger?: boolean;
  pending: boolean;
  messages: string[];
  onOk: () => void;
  onCancel: () => void;
  children: ReactNode;
}) {
  const { t } = useTranslation();
  return (
    <Modal
      open
      title={title}
      okText={okText ?? t('actions.save')}
      okButtonProps={{ danger }}
      cancelText={t('actions.cancel')}
      confirmLoading={pending}
      onOk={onOk}
      onCancel={onCancel}
      destroyOnHidden
    >
      <FormErrors messages={messages} />
      {children}
    </Modal>
  );
}

interface AddValues {
  name: string;
  level: 'street' | 'community' | 'village';
  openedOn?: Dayjs | null;
}

export function AddChildModal({
  parent,
  onDone,
}: {
  parent: AreaNode;
  onDone: (created?: AreaDetail) => void;
}) {
  const { t } = useTranslation('areas');
  const { message } = App.useApp();
  const [form] = Form.useForm<AddValues>();
  const errors = useFormErrors(form, ['name', 'level', 'openedOn']);
  const create = useCreateArea();
  const levels = CHILD_LEVELS[parent.level];
  const submit = (v: AddValues) =>
    create.mutate(
      { parentCode: parent.code, name: v.name.trim(), level: v.level, openedOn: fromDay(v.openedOn) },
      {
        onSuccess: (a) => {
          message.success(t('created'));
          onDone(a);
        },
        onError: errors.report,
      },
    );
  return (
    <ActionModal
      title={t('addTitle', { parent: parent.name })}
      pending={create.isPending}
      messages={errors.messages}
      onOk={() => form.submit()}
      onCancel={() => onDone()}
    >
      <Form<AddValues> form={form} layout="vertical" onFinish={submit} initialValues={{ level: levels[0] }}>
        <Form.Item name="level" label={t('level')}>
          <Radio.Group options={levels.map((l) => ({ value: l, label: t(`common:levels.${l}`) }))} />
        </Form.Item>
        <Form.Item
          name="name"
          label={t('name')}
          rules={[
            { required: true, whitespace: true, message: t('common:form.required', { field: t('name') }) },
          ]}
        >
          <Input maxLength={40} autoFocus />
        </Form.Item>
        <Form.Item name="openedOn" label={t('openedOn')} extra={t('openedOnHint')}>
          <DatePicker style={{ width: 180 }} />
        </Form.Item>
      </Form>
    </ActionModal>
  );
}

export function RenameModal({ area, onDone }: { area: AreaNode; onDone: () => void }) {
  const { t } = useTranslation('areas');
  const { message } = App.useApp();
  const [form] = Form.useForm<{ name: string; validFrom?: Dayjs | null }>();
  const errors = useFormErrors(form, ['name', 'validFrom']);
  const rename = useRenameArea(area.code);
  return (
    <ActionModal
      title={t('renameTitle', { name: area.name })}
      pending={rename.isPending}
      messages={errors.messages}
      onOk={() => form.submit()}
      onCancel={onDone}
    >
      <Form
        form={form}
        layout="vertical"
        initialValues={{ name: area.name }}
        onFinish={(v) =>
          rename.mutate(
            { name: v.name.trim(), validFrom: fromDay(v.validFrom) },
            {
              onSuccess: () => {
                message.success(t('renamed'));
                onDone();
              },
              onError: errors.report,
            },
          )
        }
      >
        <Form.Item
          name="name"
          label={t('newName')}
          rules={[
            { required: true, whitespace: true, message: t('common:form.required', { field: t('newName') }) },
          ]}
        >
          <Input maxLength={40} autoFocus />
        </Form.Item>
        <Form.Item name="validFrom" label={t('validFrom')} extra={t('validFromHint')}>
          <DatePicker style={{ width: 180 }} />
        </Form.Item>
      </Form>
    </ActionModal>
  );
}

export function CloseModal({ area, onDone }: { area: AreaNode; onDone: () => void }) {
  const { t } = useTranslation('areas');
  const { message } = App.useApp();
  const [form] = Form.useForm<{ reason: string; closedOn?: Dayjs | null }>();
  const errors = useFormErrors(form, ['reason', 'closedOn']);
  const close = useCloseArea(area.code);
  return (
    <ActionModal
      title={t('closeTitle', { name: area.name })}
      okText={t('close')}
      danger
      pending={close.isPending}
      messages={errors.messages}
      onOk={() => form.submit()}
      onCancel={onDone}
    >
      <Alert type="warning" showIcon title={t('closeNote')} style={{ marginBottom: 16 }} />
      <Form
        form={form}
        layout="vertical"
        onFinish={(v) =>
          close.mutate(
            { reason: v.reason.trim(), closedOn: fromDay(v.closedOn) },
            {
              onSuccess: () => {
                message.success(t('closedDone'));
                onDone();
              },
              onError: errors.report,
            },
          )
        }
      >
        <Form.Item
          name="reason"
          label={t('reason')}
          rules={[
            { required: true, whitespace: true, message: t('common:form.required', { field: t('reason') }) },
          ]}
        >
          <Input.TextArea rows={3} maxLength={500} autoFocus />
        </Form.Item>
        <Form.Item name="closedOn" label={t('closedOn')} extra={t('closedOnHint')}>
          <DatePicker style={{ width: 180 }} />
        </Form.Item>
      </Form>
    </ActionModal>
  );
}
