import { App, AutoComplete, Button, DatePicker, Drawer, Form, Select, Space } from 'antd';
import type { Dayjs } from 'dayjs';
import { useCallback } from 'react';
import { useTranslation } from 'react-i18next';
import type { AddFactBody, PersonDetail } from '../../../../contracts/api/persons.ts';
import { FACT_KINDS, type FactKind } from '../../../../contracts/domain.ts';
import { fromDay, yuanToFen } from '../../app/format.ts';
import { type ApiIssue, FormErrors, useFormErrors } from '../../app/forms.tsx';
import { useAddFact } from './api.ts';
import { FactValueFields } from './FactValueFields.tsx';
import { rewriteFactIssue, useOptions } from './labels.ts';

const FIELDS = ['kind', 'value', 'validFrom', 'validTo', 'source'];
/** What the first date means for kinds where "valid from" would read oddly. */
const FROM_LABEL: Partial<Record<FactKind, string>> = {
  death: 'factForm.deathDate',
  hospital_stay: 'factForm.admittedOn',
  medical_expense: 'factForm.paidOn',
};
const SOURCE_KEYS = ['visit', 'assessment', 'civil', 'hrss', 'dpf', 'veteran', 'self'] as const;

interface Values {
  kind: FactKind;
  value?: Record<string, unknown>;
  validFrom: Dayjs;
  validTo?: Dayjs | null;
  source: string;
}

/** The money field of kinds that hold an amount, and its label: entered in yuan, sent in fen. */
const MONEY_FIELDS: Partial<Record<FactKind, { field: string; label: string }>> = {
  pension: { field: 'monthlyFen', label: 'factForm.pension' },
  income: { field: 'monthlyFen', label: 'factForm.income' },
  medical_expense: { field: 'amountFen', label: 'factForm.amount' },
};

const trimmed = (v: unknown) => String(v ?? '').trim() || undefined;

/** The API's value for a kind, from the form's fields (yuan → integer fen); null when the amount is malformed. */
function toValue(kind: FactKind, v: Record<string, unknown> = {}): Record<string, unknown> | null {
  switch (kind) {
    case 'pension':
    case 'income': {
      const fen = yuanToFen(v.monthlyFen as string | undefined);
      return fen === null ? null : { monthlyFen: fen };
    }
    case 'medical_expense': {
      const fen = yuanToFen(v.amountFen as string | undefined);
      const note = trimmed(v.note);
      return fen === null ? null : { amountFen: fen, ...(note ? { note } : {}) };
    }
    case 'hospital_stay': {
      const hospital = trimmed(v.hospital);
      return hospital ? { hospital } : {};
    }
    case 'disability':
      return {
        ...v,
        grade: Number(v.grade),
        cardNumber: String(v.cardNumber ?? '')
          .trim()
          .toUpperCase(),
      };
    case 'low_income': {
      const certificateNo = String(v.certificateNo ?? '').trim();
      return { status: v.status, ...(certificateNo ? { certificateNo } : {}) };
    }
    case 'death':
      return {};
    default:
      return v;
  }
}

export function AddFactDrawer({ person, onClose }: { person: PersonDetail; onClose: () => void }) {
  const { t } = useTranslation('residents');
  const { message } = App.useApp();
  const [form] = Form.useForm<Values>();
  const rewrite = useCallback((issue: ApiIssue) => rewriteFactIssue(t, issue), [t]);
  const errors = useFormErrors(form, FIELDS, rewrite);
  const add = useAddFact(person.id);
  const kind = Form.useWatch('kind', form);
  const fromLabel = t((kind && FROM_LABEL[kind]) || 'factForm.validFrom');
  // Death is recorded once; a deceased person gets no new facts from this form.
  const kindOptions = useOptions(
    'factKinds',
    FACT_KINDS.filter((k) => k !== 'death' || !person.deceased),
  );

  const submit = (v: Values) => {
    errors.clear();
    const value = toValue(v.kind, v.value);
    const money = MONEY_FIELDS[v.kind];
    if (value === null) {
      if (money)
        form.setFields([
          {
            name: ['value', money.field],
            errors: [t('common:form.required', { field: t(money.label) })],
          },
        ]);
      return;
    }
    const body: AddFactBody = {
      kind: v.kind,
      value,
      validFrom: fromDay(v.validFrom)!,
      // Death is open-ended; a payment is one day, which the server also records as its end.
      validTo: v.kind === 'death' || v.kind === 'medical_expense' ? undefined : fromDay(v.validTo),
      source: v.source.trim(),
    };
    add.mutate(body, {
      onSuccess: () => {
        message.success(t('facts.saved'));
        onClose();
      },
      onError: errors.report,
    });
  };

  return (
    <Drawer
      open
      title={`${t('facts.add')} · ${person.name}`}
      size={440}
      onClose={onClose}
      destroyOnHidden
      footer={
        <Space style={{ float: 'right' }}>
          <Button onClick={onClose}>{t('common:actions.cancel')}</Button>
          <Button type="primary" loading={add.isPending} onClick={() => form.submit()}>
            {t('common:actions.save')}
          </Button>
        </Space>
      }
    >
      <FormErrors messages={errors.messages} />
      <Form<Values>
        form={form}
        layout="vertical"
        onFinish={submit}
        onValuesChange={(changed) => {
          if ('kind' in changed) form.setFieldValue('value', undefined);
        }}
      >
        <Form.Item
          name="kind"
          label={t('factForm.kind')}
          rules={[
            { required: true, message: t('common:form.selectRequired', { field: t('factForm.kind') }) },
          ]}
        >
          <Select options={kindOptions} autoFocus />
        </Form.Item>
        {kind && <FactValueFields kind={kind} />}
        <Space size={12} align="start" style={{ width: '100%' }}>
          <Form.Item
            name="validFrom"
            label={fromLabel}
            rules={[
              {
                required: true,
                message: t('common:form.selectRequired', { field: fromLabel }),
              },
            ]}
          >
            <DatePicker style={{ width: 180 }} />
          </Form.Item>
          {kind !== 'death' && kind !== 'medical_expense' && (
            <Form.Item
              name="validTo"
              label={t(kind === 'hospital_stay' ? 'factForm.dischargedOn' : 'factForm.validTo')}
              extra={t(kind === 'hospital_stay' ? 'factForm.dischargedHint' : 'factForm.validToHint')}
            >
              <DatePicker style={{ width: 180 }} />
            </Form.Item>
          )}
        </Space>
        <Form.Item
          name="source"
          label={t('factForm.source')}
          rules={[
            {
              required: true,
              whitespace: true,
              message: t('common:form.required', { field: t('factForm.source') }),
            },
          ]}
        >
          <AutoComplete
            maxLength={200}
            options={SOURCE_KEYS.map((k) => ({ value: t(`factForm.sourceSuggestions.${k}`) }))}
            filterOption={(input, option) => String(option?.value ?? '').includes(input)}
          />
        </Form.Item>
      </Form>
    </Drawer>
  );
}
