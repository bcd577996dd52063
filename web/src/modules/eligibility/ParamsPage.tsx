import {
  App,
  Button,
  DatePicker,
  Drawer,
  Empty,
  Form,
  Input,
  Select,
  Space,
  Table,
  type TableColumnsType,
  Typography,
} from 'antd';
import type { TFunction } from 'i18next';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import {
  PARAM_UNIT_CODES,
  PARAM_UNIT_LABELS,
  type ParamUnitCode,
} from '../../../../contracts/api/eligibility.ts';
import { yuanToFen } from '../../../../contracts/money.ts';
import { useAuth } from '../../app/auth.tsx';
import { fromDay, toDay, todayInShanghai } from '../../app/format.ts';
import { FormErrors, useFormErrors } from '../../app/forms.tsx';
import { PageHeader } from '../../app/PageHeader.tsx';
import { QueryError } from '../../app/StatusPages.tsx';
import { pickLabel, useLang } from '../funds/money.tsx';
import { type ParamListItem, useAddParamValue, useCreateRuleParam, useRuleParams } from './api.ts';
import { isMoneyUnit, useParamValueText } from './labels.tsx';

/**
 * A value as typed: yuan for money (sent as fen), a whole number otherwise. Without a unit the
 * server refuses anyway (PARAM_UNIT_MISSING, shown beside the unit), so any number goes.
 */
function parseValue(text: string | undefined, unit: string | undefined): number | null {
  const s = (text ?? '').trim();
  if (!unit || isMoneyUnit(unit as ParamUnitCode)) return yuanToFen(s);
  return /^-?\d+$/.test(s) ? Number(s) : null;
}

function valueRules(t: TFunction, unit: string | undefined) {
  const money = !unit || isMoneyUnit(unit as ParamUnitCode);
  return [
    { required: true, message: t('params.valueInvalid') },
    {
      validator: (_: unknown, v: string | undefined) =>
        !v || parseValue(v, unit) !== null
          ? Promise.resolve()
          : Promise.reject(new Error(t(money ? 'params.valueYuan' : 'params.valueWhole'))),
    },
  ];
}

const dateProps = {
  getValueProps: (v: string | undefined) => ({ value: toDay(v) }),
  normalize: (d: Parameters<typeof fromDay>[0]) => fromDay(d),
};

interface CreateValues {
  code?: string;
  nameZh?: string;
  nameEn?: string;
  unit?: string;
  source?: string;
  firstValue: { validFrom?: string; value?: string; note?: string };
}

const CREATE_FIELDS = [
  'code',
  'nameZh',
  'nameEn',
  'unit',
  'source',
  'firstValue.validFrom',
  'firstValue.value',
  'firstValue.note',
] as const;

/** 新建参数: every field the server may name has its own place for the server's error. */
function CreateParamDrawer({ onClose }: { onClose: () => void }) {
  const { t } = useTranslation('eligibility');
  const lang = useLang();
  const { message } = App.useApp();
  const [form] = Form.useForm<CreateValues>();
  const errors = useFormErrors(form, CREATE_FIELDS);
  const create = useCreateRuleParam();
  const unit = Form.useWatch('unit', form);
  const money = !unit || isMoneyUnit(unit as ParamUnitCode);
  const submit = (v: CreateValues) => {
    errors.clear();
    create.mutate(
      {
        code: v.code?.trim() ?? '',
        nameZh: v.nameZh?.trim() ?? '',
        nameEn: v.nameEn?.trim() ?? '',
        // The empty choice goes as it is: the server says what is missing, beside this field.
        unit: v.unit ?? '',
        source: v.source?.trim() || null,
        firstValue: {
          validFrom: v.firstValue.validFrom ?? '',
          value: parseValue(v.firstValue.value, v.unit) ?? 0,
          note: v.firstValue.note?.trim() || undefined,
        },
      },
      {
        onSuccess: (p) => {
          message.success(t('params.created', { name: lang === 'en' ? p.nameEn : p.nameZh }));
          onClose();
        },
        onError: errors.report,
      },
    );
  };
  return (
    <Drawer
      open
      width={520}
      title={t('params.createTitle')}
      onClose={onClose}
      destroyOnHidden
      extra={
        <Space>
          <Button onClick={onClose}>{t('common:actions.cancel')}</Button>
          <Button type="primary" loading={create.isPending} onClick={() => form.submit()}>
            {t('params.create')}
          </Button>
        </Space>
      }
    >
      <FormErrors messages={errors.messages} />
      <Form<CreateValues>
        form={form}
        layout="vertical"
        initialValues={{ unit: '', firstValue: { validFrom: todayInShanghai() } }}
        onFinish={submit}
      >
        <Form.Item
          name="nameZh"
          label={t('params.nameZh')}
          extra={t('params.nameZhHint')}
          rules={[{ required: true, message: t('common:form.required', { field: t('params.nameZh') }) }]}
        >
          <Input maxLength={40} />
        </Form.Item>
        <Form.Item
          name="code"
          label={t('params.code')}
          extra={t('params.codeHint')}
          rules={[{ required: true, message: t('common:form.required', { field: t('params.code') }) }]}
        >
          <Input maxLength={40} className="ms-mono" autoComplete="off" spellCheck={false} />
        </Form.Item>
        <Form.Item
          name="nameEn"
          label={t('params.nameEn')}
          rules={[{ required: true, message: t('common:form.required', { field: t('params.nameEn') }) }]}
        >
          <Input maxLength={120} />
        </Form.Item>
        <Form.Item name="unit" label={t('params.unit')}>
          <Select
            style={{ width: 200 }}
            options={[
              { value: '', label: t('params.unitNone') },
              ...PARAM_UNIT_CODES.map((u) => ({ value: u, label: pickLabel(PARAM_UNIT_LABELS, u, lang) })),
            ]}
          />
        </Form.Item>
        <Form.Item name="source" label={t('params.source')}>
          <Input.TextArea maxLength={500} rows={2} placeholder={t('params.sourcePlaceholder')} />
        </Form.Item>
        <Typography.Title level={5}>{t('params.firstValue')}</Typography.Title>
        <Space align="start" wrap>
          <Form.Item
            name={['firstValue', 'validFrom']}
            label={t('params.validFrom')}
            {...dateProps}
            rules={[
              { required: true, message: t('common:form.selectRequired', { field: t('params.validFrom') }) },
            ]}
          >
            <DatePicker style={{ width: 170 }} />
          </Form.Item>
          <Form.Item
            name={['firstValue', 'value']}
            label={money ? t('params.valueMoney') : t('params.value')}
            rules={valueRules(t, unit)}
            dependencies={['unit']}
          >
            <Input style={{ width: 170 }} inputMode="decimal" />
          </Form.Item>
        </Space>
        <Form.Item name={['firstValue', 'note']} label={t('params.note')}>
          <Input maxLength={500} />
        </Form.Item>
      </Form>
    </Drawer>
  );
}

interface AddValues {
  validFrom?: string;
  value?: string;
  note?: string;
}
const ADD_FIELDS = ['validFrom', 'value', 'note'] as const;

/** 新增取值: a dated value; every rule that reads the parameter follows from that date. */
function AddValueForm({ param }: { param: ParamListItem }) {
  const { t } = useTranslation('eligibility');
  const lang = useLang();
  const { message } = App.useApp();
  const [form] = Form.useForm<AddValues>();
  const errors = useFormErrors(form, ADD_FIELDS);
  const add = useAddParamValue(param.code);
  const money = isMoneyUnit(param.unit);
  return (
    <>
      <Typography.Text strong>{t('params.addValue')}</Typography.Text>
      <Typography.Text type="secondary" style={{ display: 'block', fontSize: 12, marginBottom: 8 }}>
        {t('params.addValueHint')}
      </Typography.Text>
      <FormErrors messages={errors.messages} />
      <Form<AddValues>
        form={form}
        layout="inline"
        initialValues={{ validFrom: todayInShanghai() }}
        onFinish={(v) => {
          errors.clear();
          add.mutate(
            {
              validFrom: v.validFrom ?? '',
              value: parseValue(v.value, param.unit) ?? 0,
              note: v.note?.trim() || undefined,
            },
            {
              onSuccess: () => {
                message.success(t('param.saved', { name: lang === 'en' ? param.nameEn : param.nameZh }));
                form.resetFields(['value', 'note']);
              },
              onError: errors.report,
            },
          );
        }}
      >
        <Form.Item
          name="validFrom"
          label={t('params.validFrom')}
          {...dateProps}
          rules={[
            { required: true, message: t('common:form.selectRequired', { field: t('params.validFrom') }) },
          ]}
        >
          <DatePicker style={{ width: 150 }} />
        </Form.Item>
        <Form.Item
          name="value"
          label={money ? t('params.valueMoney') : t('params.value')}
          rules={valueRules(t, param.unit)}
        >
          <Input style={{ width: 130 }} inputMode="decimal" />
        </Form.Item>
        <Form.Item name="note" label={t('params.note')}>
          <Input maxLength={500} style={{ width: 220 }} />
        </Form.Item>
        <Form.Item>
          <Button htmlType="submit" loading={add.isPending}>
            {t('params.add')}
          </Button>
        </Form.Item>
      </Form>
    </>
  );
}

/** The dated values of one parameter, newest first, and (for rule writers) a new one. */
function ParamHistory({ param, canWrite }: { param: ParamListItem; canWrite: boolean }) {
  const { t } = useTranslation('eligibility');
  const valueText = useParamValueText();
  return (
    <div style={{ padding: '4px 8px 8px' }}>
      <Typography.Text strong>{t('params.history')}</Typography.Text>
      <Table
        size="small"
        rowKey="validFrom"
        pagination={false}
        style={{ margin: '4px 0 12px', maxWidth: 720 }}
        dataSource={[...param.values].reverse()}
        columns={[
          { title: t('params.validFrom'), dataIndex: 'validFrom', width: 130 },
          {
            title: t('params.value'),
            dataIndex: 'value',
            width: 160,
            render: (v: number) => valueText(param.unit, v),
          },
          { title: t('params.note'), dataIndex: 'note', render: (n: string | null) => n ?? '—' },
        ]}
      />
      {canWrite && <AddValueForm param={param} />}
    </div>
  );
}

/** 规则参数: the dated values rules read by name, and new parameters. */
export default function ParamsPage() {
  const { t } = useTranslation('eligibility');
  const lang = useLang();
  const { can } = useAuth();
  const canWrite = can('programme.write');
  const valueText = useParamValueText();
  const query = useRuleParams();
  const [creating, setCreating] = useState(false);
  const columns: TableColumnsType<ParamListItem> = [
    {
      title: t('params.name'),
      key: 'name',
      render: (_: unknown, p) => (
        <>
          <Typography.Text strong>{lang === 'en' ? p.nameEn : p.nameZh}</Typography.Text>
          <Typography.Text type="secondary" style={{ display: 'block', fontSize: 12 }}>
            {lang === 'en' ? p.nameZh : p.nameEn}
          </Typography.Text>
        </>
      ),
    },
    {
      title: t('params.code'),
      dataIndex: 'code',
      width: 200,
      render: (c: string) => <Typography.Text className="ms-mono">{c}</Typography.Text>,
    },
    {
      title: t('params.unit'),
      dataIndex: 'unit',
      width: 90,
      render: (u: ParamUnitCode) => pickLabel(PARAM_UNIT_LABELS, u, lang),
    },
    {
      title: t('params.current'),
      key: 'current',
      width: 200,
      render: (_: unknown, p) =>
        p.current ? (
          <>
            <Typography.Text style={{ fontVariantNumeric: 'tabular-nums' }}>
              {valueText(p.unit, p.current.value)}
            </Typography.Text>
            <Typography.Text type="secondary" style={{ display: 'block', fontSize: 12 }}>
              {t('params.since', { date: p.current.validFrom })}
            </Typography.Text>
          </>
        ) : (
          <Typography.Text type="secondary">{t('params.noValue')}</Typography.Text>
        ),
    },
    {
      title: t('params.source'),
      dataIndex: 'source',
      render: (s: string | null) =>
        s ? (
          <Typography.Paragraph
            type="secondary"
            style={{ margin: 0, fontSize: 12 }}
            ellipsis={{ rows: 2, tooltip: s }}
          >
            {s}
          </Typography.Paragraph>
        ) : (
          '—'
        ),
    },
    {
      title: t('params.history'),
      key: 'values',
      width: 90,
      align: 'right',
      render: (_: unknown, p) => p.values.length,
    },
  ];
  return (
    <>
      <PageHeader
        title={t('params.title')}
        note={
          <Typography.Text type="secondary" style={{ fontSize: 13 }}>
            {canWrite ? t('params.intro') : `${t('params.intro')} ${t('params.readOnly')}`}
          </Typography.Text>
        }
        extra={
          canWrite && (
            <Button type="primary" onClick={() => setCreating(true)}>
              {t('params.create')}
            </Button>
          )
        }
      />
      {query.error && <QueryError error={query.error} onRetry={() => void query.refetch()} />}
      <Table<ParamListItem>
        rowKey="code"
        size="small"
        columns={columns}
        dataSource={query.data?.items}
        loading={query.isFetching}
        pagination={false}
        expandable={{
          expandRowByClick: true,
          expandedRowRender: (p) => <ParamHistory param={p} canWrite={canWrite} />,
        }}
        locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('params.empty')} /> }}
      />
      {creating && <CreateParamDrawer onClose={() => setCreating(false)} />}
    </>
  );
}
