import { Select } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useVolunteerSearch } from './api.ts';

/** Chooses volunteers by name or volunteer number (the volunteers module's list, masked). */
export function VolunteerSelect({
  value,
  onChange,
  multiple,
  id,
  currentLabel,
}: {
  value?: string[] | string;
  onChange?: (v: string[] | string | undefined) => void;
  multiple?: boolean;
  id?: string;
  /** How to show the value before a search has found it. */
  currentLabel?: string;
}) {
  const { t } = useTranslation('activities');
  const [q, setQ] = useState('');
  const { data, isFetching } = useVolunteerSearch(q, true);
  return (
    <Select
      id={id}
      mode={multiple ? 'multiple' : undefined}
      allowClear
      value={value}
      onChange={onChange}
      placeholder={t('detail.volunteerSearch')}
      showSearch={{ filterOption: false, onSearch: setQ }}
      loading={isFetching}
      options={[
        ...(typeof value === 'string' && currentLabel && !data?.items.some((v) => v.id === value)
          ? [{ value, label: currentLabel }]
          : []),
        ...(data?.items ?? []).map((v) => ({
          value: v.id,
          label: `${v.name} · ${v.volunteerNo} · ${v.areaName}`,
        })),
      ]}
    />
  );
}
