import { Form, Input, InputNumber, Select } from 'antd';
import { useTranslation } from 'react-i18next';
import type { FactKind } from '../../../../contracts/domain.ts';
import { CODED_VALUES, useOptions } from './labels.ts';

const DISABILITY_GRADES = [1, 2, 3, 4] as const;

/** Picker for the coded value of a kind (grade, arrangement, assistance status, …). */
function CodedSelect({ kind, label }: { kind: FactKind; label: string }) {
  const { t } = useTranslation('residents');
  const coded = CODED_VALUES[kind]!;
  const options = useOptions(coded.group, coded.values);
  return (
    <Form.Item
      name={['value', coded.field]}
      label={label}
      rules={[{ required: true, message: t('common:form.selectRequired', { field: label }) }]}
    >
      <Select options={options} />
    </Form.Item>
  );
}

/** An amount entered in yuan as text with two decimals; converted to integer fen on submit. */
function MoneyField({
  field,
  label,
  min,
  extra,
}: {
  field: string;
  label: string;
  min: string;
  extra?: string;
}) {
  const { t } = useTranslation('residents');
  return (
    <Form.Item
      name={['value', field]}
      label={label}
      extra={extra}
      rules={[{ required: true, message: t('common:form.required', { field: label }) }]}
    >
      <InputNumber<string>
        stringMode
        min={min}
        max="1000000"
        step="0.01"
        precision={2}
        suffix={t('factForm.yuan')}
        style={{ width: 200 }}
      />
    </Form.Item>
  );
}

/** The value fields that fit the chosen kind of fact; names mirror the API (`value.grade`, …). */
export function FactValueFields({ kind }: { kind: FactKind }) {
  const { t } = useTranslation('residents');
  const gradeOptions = useOptions('disabilityGrades', DISABILITY_GRADES);
  switch (kind) {
    case 'ability_grade':
      return <CodedSelect kind={kind} label={t('factForm.grade')} />;
    case 'living_arrangement':
      return <CodedSelect kind={kind} label={t('factForm.arrangement')} />;
    case 'veteran':
      return <CodedSelect kind={kind} label={t('factForm.veteranType')} />;
    case 'special_family':
      return <CodedSelect kind={kind} label={t('factForm.specialFamilyType')} />;
    case 'pension':
      return <MoneyField field="monthlyFen" label={t('factForm.pension')} min="0" />;
    case 'income':
      return (
        <MoneyField
          field="monthlyFen"
          label={t('factForm.income')}
          min="0"
          extra={t('factForm.incomeHint')}
        />
      );
    case 'hospital_stay':
      return (
        <Form.Item name={['value', 'hospital']} label={t('factForm.hospital')}>
          <Input maxLength={60} />
        </Form.Item>
      );
    case 'medical_expense':
      return (
        <>
          <MoneyField field="amountFen" label={t('factForm.amount')} min="0.01" />
          <Form.Item name={['value', 'note']} label={t('factForm.note')}>
            <Input maxLength={60} />
          </Form.Item>
        </>
      );
    case 'disability':
      return (
        <>
          <CodedSelect kind={kind} label={t('factForm.category')} />
          <Form.Item
            name={['value', 'grade']}
            label={t('factForm.disabilityGrade')}
            rules={[
              {
                required: true,
                message: t('common:form.selectRequired', { field: t('factForm.disabilityGrade') }),
              },
            ]}
          >
            <Select options={gradeOptions} />
          </Form.Item>
          <Form.Item
            name={['value', 'cardNumber']}
            label={t('factForm.cardNumber')}
            extra={t('factForm.cardNumberHint')}
            rules={[
              {
                required: true,
                whitespace: true,
                message: t('common:form.required', { field: t('factForm.cardNumber') }),
              },
            ]}
          >
            <Input maxLength={20} className="ms-mono" autoComplete="off" />
          </Form.Item>
        </>
      );
    case 'low_income':
      return (
        <>
          <CodedSelect kind={kind} label={t('factForm.status')} />
          <Form.Item name={['value', 'certificateNo']} label={t('factForm.certificateNo')}>
            <Input maxLength={40} />
          </Form.Item>
        </>
      );
    case 'death':
      return null;
  }
}
