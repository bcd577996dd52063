import { Alert, DatePicker, Form, Input, Radio } from 'antd';
import type { Dayjs } from 'dayjs';
import { useTranslation } from 'react-i18next';
import type { AreaLevel } from '../../../../contracts/domain.ts';
import { FormModal, useFieldRules } from '../../app/FormDialog.tsx';
import { fromDay } from '../../app/format.ts';
import { type AreaDetail, type AreaNode, useCloseArea, useCreateArea, useRenameArea } from './api.ts';

/** Which levels may sit under which (the district holds streets; streets hold communities and villages). */
export const CHILD_LEVELS: Record<AreaLevel, ('street' | 'community' | 'village')[]> = {
  district: ['street'],
  street: ['community', 'village'],
  community: [],
  village: [],
};

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
  const rules = useFieldRules();
  const create = useCreateArea();
  const levels = CHILD_LEVELS[parent.level];
  return (
    <FormModal<AddValues, AreaDetail>
      title={t('addTitle', { parent: parent.name })}
      okText={t('common:actions.save')}
      fields={['name', 'level', 'openedOn']}
      initialValues={{ level: levels[0] }}
      onSubmit={(v) =>
        create.mutateAsync({
          parentCode: parent.code,
          name: v.name.trim(),
          level: v.level,
          openedOn: fromDay(v.openedOn),
        })
      }
      success={() => t('created')}
      onDone={(a) => onDone(a)}
      onClose={() => onDone()}
    >
      <Form.Item name="level" label={t('level')}>
        <Radio.Group options={levels.map((l) => ({ value: l, label: t(`common:levels.${l}`) }))} />
      </Form.Item>
      <Form.Item name="name" label={t('name')} rules={rules.text(t('name'))}>
        <Input maxLength={40} autoFocus />
      </Form.Item>
      <Form.Item name="openedOn" label={t('openedOn')} extra={t('openedOnHint')}>
        <DatePicker style={{ width: 180 }} />
      </Form.Item>
    </FormModal>
  );
}

export function RenameModal({ area, onDone }: { area: AreaNode; onDone: () => void }) {
  const { t } = useTranslation('areas');
  const rules = useFieldRules();
  const rename = useRenameArea(area.code);
  return (
    <FormModal<{ name: string; validFrom?: Dayjs | null }>
      title={t('renameTitle', { name: area.name })}
      okText={t('common:actions.save')}
      fields={['name', 'validFrom']}
      initialValues={{ name: area.name }}
      onSubmit={(v) => rename.mutateAsync({ name: v.name.trim(), validFrom: fromDay(v.validFrom) })}
      success={() => t('renamed')}
      onClose={onDone}
    >
      <Form.Item name="name" label={t('newName')} rules={rules.text(t('newName'))}>
        <Input maxLength={40} autoFocus />
      </Form.Item>
      <Form.Item name="validFrom" label={t('validFrom')} extra={t('validFromHint')}>
        <DatePicker style={{ width: 180 }} />
      </Form.Item>
    </FormModal>
  );
}

export function CloseModal({ area, onDone }: { area: AreaNode; onDone: () => void }) {
  const { t } = useTranslation('areas');
  const rules = useFieldRules();
  const close = useCloseArea(area.code);
  return (
    <FormModal<{ reason: string; closedOn?: Dayjs | null }>
      title={t('closeTitle', { name: area.name })}
      okText={t('close')}
      okButtonProps={{ danger: true }}
      fields={['reason', 'closedOn']}
      intro={<Alert type="warning" showIcon title={t('closeNote')} style={{ marginBottom: 16 }} />}
      onSubmit={(v) => close.mutateAsync({ reason: v.reason.trim(), closedOn: fromDay(v.closedOn) })}
      success={() => t('closedDone')}
      onClose={onDone}
    >
      <Form.Item name="reason" label={t('reason')} rules={rules.text(t('reason'))}>
        <Input.TextArea rows={3} maxLength={500} autoFocus />
      </Form.Item>
      <Form.Item name="closedOn" label={t('closedOn')} extra={t('closedOnHint')}>
        <DatePicker style={{ width: 180 }} />
      </Form.Item>
    </FormModal>
  );
}
