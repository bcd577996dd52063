import { Button, DatePicker, Flex, Input, Select, Tooltip } from 'antd';
import { useTranslation } from 'react-i18next';
import {
  AGE_BANDS,
  EVENT_FACT_KINDS,
  FACT_KINDS,
  SENSITIVE_FACT_KINDS,
} from '../../../../contracts/domain.ts';
import { useAuth } from '../../app/auth.tsx';
import { fromDay, toDay } from '../../app/format.ts';
import { CODED_VALUES, useOptions } from './labels.ts';

export interface ResidentFilterValues {
  q?: string;
  ageBand?: string;
  fact?: string;
  factValue?: string;
  asOf?: string;
}

export function ResidentFilters({
  values,
  onChange,
}: {
  values: ResidentFilterValues;
  onChange: (patch: Partial<ResidentFilterValues>) => void;
}) {
  const { t } = useTranslation('residents');
  const { can } = useAuth();
  // Sensitive kinds are not offered to roles that may not read them (the server would ignore the
  // filter). Events are left out: "valid on the day" would find only payments made that very day.
  const kinds = FACT_KINDS.filter(
    (k) =>
      (can('person.sensitive_read') || !SENSITIVE_FACT_KINDS.includes(k)) && !EVENT_FACT_KINDS.includes(k),
  );
  const kindOptions = useOptions('factKinds', kinds);
  const ageOptions = useOptions('ageBands', AGE_BANDS);
  const coded = values.fact ? CODED_VALUES[values.fact as keyof typeof CODED_VALUES] : undefined;
  const valueOptions = useOptions(coded?.group ?? 'grades', coded?.values ?? []);
  const hasFilters = Object.values(values).some(Boolean);

  return (
    <Flex gap={8} wrap style={{ marginBottom: 12 }}>
      <Input.Search
        key={values.q ?? ''}
        defaultValue={values.q}
        placeholder={t('list.search')}
        aria-label={t('list.search')}
        allowClear
        enterButton
        maxLength={40}
        style={{ width: 330 }}
        onSearch={(q) => onChange({ q: q.trim() || undefined })}
      />
      <Select
        allowClear
        placeholder={t('list.ageBand')}
        aria-label={t('list.ageBand')}
        style={{ width: 120 }}
        value={values.ageBand}
        options={ageOptions}
        onChange={(ageBand) => onChange({ ageBand })}
      />
      <Select
        allowClear
        placeholder={t('list.fact')}
        aria-label={t('list.fact')}
        style={{ width: 130 }}
        popupMatchSelectWidth={false}
        value={values.fact}
        options={kindOptions}
        onChange={(fact) => onChange({ fact, factValue: undefined })}
      />
      {coded && (
        <Select
          allowClear
          placeholder={t('list.factValue')}
          aria-label={t('list.factValue')}
          style={{ width: 130 }}
          popupMatchSelectWidth={false}
          value={values.factValue}
          options={valueOptions}
          onChange={(factValue) => onChange({ factValue })}
        />
      )}
      <Tooltip title={t('list.asOfHint')}>
        <DatePicker
          placeholder={t('list.asOf')}
          aria-label={t('list.asOf')}
          style={{ width: 140 }}
          value={toDay(values.asOf)}
          onChange={(d) => onChange({ asOf: fromDay(d) })}
        />
      </Tooltip>
      {hasFilters && (
        <Button
          onClick={() =>
            onChange({
              q: undefined,
              ageBand: undefined,
              fact: undefined,
              factValue: undefined,
              asOf: undefined,
            })
          }
        >
          {t('common:actions.reset')}
        </Button>
      )}
    </Flex>
  );
}
