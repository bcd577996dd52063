import { Select } from 'antd';
import { useState } from 'react';
import { useOrgs } from '../orgs/api.ts';

/** Chooses an operating organisation by searching names on the server. */
export function OrgSelect({
  value,
  onChange,
  currentName,
  placeholder,
  id,
}: {
  value?: string | null;
  onChange?: (id: string | null) => void;
  currentName?: string | null;
  placeholder?: string;
  id?: string;
}) {
  const [q, setQ] = useState('');
  const { data, isFetching } = useOrgs({ q: q || undefined, pageSize: 20 });
  const options = (data?.items ?? []).map((o) => ({ value: o.id, label: o.name }));
  if (value && currentName && !options.some((o) => o.value === value))
    options.unshift({ value, label: currentName });
  return (
    <Select
      id={id}
      allowClear
      value={value ?? undefined}
      onChange={(v) => onChange?.(v ?? null)}
      showSearch={{ filterOption: false, onSearch: setQ }}
      loading={isFetching}
      options={options}
      placeholder={placeholder}
    />
  );
}
