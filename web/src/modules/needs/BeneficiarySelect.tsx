import { Select, Typography } from 'antd';
import { useState } from 'react';
import type { PersonSummary } from '../../../../contracts/api/persons.ts';
import { usePersons } from '../residents/api.ts';

/**
 * Finds a resident of the user's area by name, ID number or its last four digits. When editing,
 * the beneficiary already chosen shows by `currentLabel` until another is picked.
 */
export function BeneficiarySelect({
  value,
  onChange,
  placeholder,
  currentLabel,
  id,
}: {
  value?: string;
  onChange?: (id: string | undefined) => void;
  placeholder?: string;
  currentLabel?: string;
  id?: string;
}) {
  const [q, setQ] = useState('');
  const [picked, setPicked] = useState<PersonSummary>();
  const query = usePersons({ q: q || undefined, pageSize: 10 });
  const found = q ? (query.data?.items ?? []) : [];
  const items = picked && !found.some((p) => p.id === picked.id) ? [picked, ...found] : found;
  const options = items
    .filter((p) => !p.deceased)
    .map((p) => ({
      value: p.id,
      label: (
        <span>
          {p.name}{' '}
          <Typography.Text type="secondary" className="ms-mono" style={{ fontSize: 12 }}>
            {p.idMasked}
          </Typography.Text>{' '}
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {p.age} · {p.areaName}
          </Typography.Text>
        </span>
      ),
    }));
  if (value && currentLabel && !options.some((o) => o.value === value))
    options.unshift({ value, label: <span>{currentLabel}</span> });
  return (
    <Select
      id={id}
      allowClear
      value={value}
      placeholder={placeholder}
      showSearch={{ filterOption: false, onSearch: (s) => setQ(s.trim()) }}
      loading={query.isFetching}
      notFoundContent={null}
      onChange={(v: string | undefined) => {
        setPicked(items.find((p) => p.id === v));
        onChange?.(v);
      }}
      options={options}
    />
  );
}
