import { Alert, App, Form, Input, Modal, Select, Space, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import type { APPLICATION_SOURCES } from '../../../../contracts/api/eligibility.ts';
import { fenToYuan, yuanToFen } from '../../../../contracts/money.ts';
import { FormErrors, useFormErrors } from '../../app/forms.tsx';
import { QueryError } from '../../app/StatusPages.tsx';
import { formatMoney, useLang, YuanInput, yuanRules } from '../funds/money.tsx';
import { type PersonEligibility, useCreateApplication, usePersonEligibility, useProgrammes } from './api.ts';
import { useAmountText, VerdictTag } from './labels.tsx';

const NOTE_MAX = 1000;

type Item = PersonEligibility['items'][number];
type Values = { amount?: string; note?: string };

const isOpenToApply = (x: Item) => x.verdict === 'entitled' && !x.enrolled;

/**
 * 发起申请 for a resident: the programme (preset from the worklist item or the resident's card),
 * for one-off aid the amount asked for in yuan (at most what the rule gives), and a note. The
 * server decides again by the rule in force and names the approving level; the application page
 * opens once it is submitted.
 */
export function ApplyModal({
  personId,
  personName,
  programmeCode,
  source,
  worklistItemId,
  onClose,
}: {
  personId: string;
  personName: string;
  programmeCode?: string;
  source: (typeof APPLICATION_SOURCES)[number];
  worklistItemId?: string;
  onClose: () => void;
}) {
  const { t } = useTranslation('eligibility');
  const lang = useLang();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const [form] = Form.useForm<Values>();
  const errors = useFormErrors(form, ['amount', 'note']);
  const create = useCreateApplication();
  const eligibility = usePersonEligibility(personId, undefined, true);
  const programmes = useProgrammes();
  const amountText = useAmountText();
  // Alerts are for workers to act on; only benefits are applied for.
  const benefitCodes = new Set(
    (programmes.data?.items ?? []).filter((p) => p.kind === 'benefit').map((p) => p.code),
  );
  const benefits = (eligibility.data?.items ?? []).filter((x) => benefitCodes.has(x.programmeCode));
  // Entitled and not yet enrolled first: those are the ones an application can succeed for.
  const sorted = [...benefits].sort((a, b) => Number(isOpenToApply(b)) - Number(isOpenToApply(a)));
  const preset =
    benefits.find((x) => x.programmeCode === programmeCode)?.programmeCode ??
    (benefits.filter(isOpenToApply).length === 1 ? benefits.find(isOpenToApply)?.programmeCode : undefined);
  const [chosenCode, setChosenCode] = useState<string | undefined>(undefined);
  const code = chosenCode ?? preset;
  const chosen = benefits.find((x) => x.programmeCode === code);
  const once = chosen?.period === 'once';
  const ruleAmount = chosen?.amount ?? 0;

  const submit = (v: Values) => {
    if (!code) return;
    const amount = once && v.amount ? yuanToFen(v.amount) : null;
    create.mutate(
      {
        personId,
        programmeCode: code,
        source,
        worklistItemId,
        amount: amount ?? undefined,
        note: v.note?.trim() || undefined,
      },
      {
        onSuccess: (detail) => {
          message.success(t('apply.created'));
          onClose();
          navigate(`/applications/${detail.application.id}`);
        },
        onError: errors.report,
      },
    );
  };

  return (
    <Modal
      open
      width={600}
      title={t('apply.title', { name: personName })}
      okText={t('apply.submit')}
      okButtonProps={{ loading: create.isPending, disabled: !code, autoInsertSpace: false }}
      cancelText={t('common:actions.cancel')}
      onCancel={onClose}
      onOk={() => form.submit()}
      destroyOnHidden
    >
      {eligibility.error && (
        <QueryError error={eligibility.error} onRetry={() => void eligibility.refetch()} />
      )}
      <FormErrors messages={errors.messages} />
      <Form<Values> form={form} layout="vertical" onFinish={submit}>
        <Form.Item label={t('apply.programme')} required>
          <Select
            aria-label={t('apply.programme')}
            value={code}
            loading={eligibility.isLoading || programmes.isLoading}
            placeholder={t('apply.programmePlaceholder')}
            onChange={(c: string) => {
              setChosenCode(c);
              const next = benefits.find((x) => x.programmeCode === c);
              form.setFieldValue('amount', next ? fenToYuan(next.amount) : undefined);
              errors.clear();
            }}
            options={sorted.map((x) => ({
              value: x.programmeCode,
              label: x.programmeName,
              item: x,
            }))}
            optionRender={(o) => {
              const x = o.data.item as Item;
              return (
                <Space size={6}>
                  <span>{x.programmeName}</span>
                  <VerdictTag verdict={x.verdict} />
                  {x.enrolled && <Tag color="cyan">{t('card.enrolled')}</Tag>}
                </Space>
              );
            }}
          />
        </Form.Item>
        {chosen && (
          <Alert
            type={isOpenToApply(chosen) ? 'success' : 'warning'}
            showIcon
            style={{ marginBottom: 16 }}
            title={
              isOpenToApply(chosen)
                ? t('apply.ruleSays', {
                    amount:
                      chosen.amount > 0 ? amountText(chosen.amount, chosen.period) : t('apply.noAmount'),
                  })
                : chosen.enrolled
                  ? t('apply.alreadyEnrolled')
                  : t('apply.notEntitled')
            }
            description={<Typography.Text style={{ fontSize: 13 }}>{chosen.summary}</Typography.Text>}
          />
        )}
        {once && ruleAmount > 0 && (
          <Form.Item
            name="amount"
            label={t('apply.amount')}
            extra={t('apply.amountHint', { amount: formatMoney(ruleAmount, 'fen', lang) })}
            initialValue={fenToYuan(ruleAmount)}
            rules={[
              ...yuanRules(t, t('apply.amount')),
              {
                validator: async (_, v: string | undefined) => {
                  const fen = v ? yuanToFen(v) : null;
                  if (fen !== null && fen > ruleAmount)
                    throw new Error(t('apply.amountAbove', { amount: formatMoney(ruleAmount, 'fen', lang) }));
                },
              },
            ]}
          >
            <YuanInput aria-label={t('apply.amount')} style={{ width: 220 }} />
          </Form.Item>
        )}
        <Form.Item name="note" label={t('apply.note')}>
          <Input.TextArea
            rows={3}
            maxLength={NOTE_MAX}
            showCount
            placeholder={t('apply.notePlaceholder')}
            aria-label={t('apply.note')}
          />
        </Form.Item>
      </Form>
    </Modal>
  );
}
