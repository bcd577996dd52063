import { Select, Typography } from 'antd';
import { useState } from 'react';
import type { PersonSummary } from '../../../../contracts/api/persons.ts';
import { usePersons } from '../residents/api.ts';

/**
 * Finds an elder by name, ID number, phone or their last four digits (the residents search),
 * within the user's area; `onPick` hands over the whole record (its address prefills the order).
 */
export function ElderSelect({
  value,
  onChange,
  onPick,
  placeholder,
  id,
}: {
  value?: string;
  onChange?: (id: string | undefined) => void;
  onPick?: (person: PersonSummary | undefined) => void;
  placeholder?: string;
  id?: string;
}) {
  const [q, setQ] = useState('');
  const [picked, setPicked] = useState<PersonSummary>();
  const query = usePersons({ q: q || undefined, pageSize: 10 });
  const found = q ? (query.data?.items ?? []) : [];
  // The chosen elder stays an option after the search text is cleared, so the name keeps showing.
  const items = picked && !found.some((p) => p.id === picked.id) ? [picked, ...found] : found;
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
      options={items
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
        }))}
    />
  );
}
