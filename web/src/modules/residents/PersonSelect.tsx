import { Select, Typography } from 'antd';
import { useState } from 'react';
import type { PersonSummary } from '../../../../contracts/api/persons.ts';
import { usePersons } from './api.ts';

/**
 * Finds a living resident of the user's area by name, ID number, phone or their last four digits
 * (the residents search). `onPick` hands over the whole record (an elder's address prefills an
 * order); when editing, the person already chosen shows by `currentLabel` until another is picked.
 */
export function PersonSelect({
  value,
  onChange,
  onPick,
  placeholder,
  currentLabel,
  id,
}: {
  value?: string;
  onChange?: (id: string | undefined) => void;
  onPick?: (person: PersonSummary | undefined) => void;
  placeholder?: string;
  currentLabel?: string;
  id?: string;
}) {
  const [q, setQ] = useState('');
  const [picked, setPicked] = useState<PersonSummary>();
  const query = usePersons({ q: q || undefined, pageSize: 10 });
  const found = q ? (query.data?.items ?? []) : [];
  // The chosen person stays an option after the search text is cleared, so the name keeps showing.
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
        const person = items.find((p) => p.id === v);
        setPicked(person);
        onChange?.(v);
        onPick?.(person);
      }}
      options={options}
    />
  );
}
