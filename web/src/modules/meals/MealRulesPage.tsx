import { PlusOutlined, StopOutlined } from '@ant-design/icons';
import {
  App,
  Button,
  Card,
  Col,
  DatePicker,
  Flex,
  Form,
  Input,
  InputNumber,
  Row,
  Select,
  Space,
  Table,
  type TableColumnsType,
  Typography,
} from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { MEAL_CATEGORIES, type MealCategory, type MealRule } from '../../../../contracts/api/meals.ts';
import { FormModal } from '../../app/FormDialog.tsx';
import { fromDay, toDay, todayInShanghai } from '../../app/format.ts';
import { PageHeader } from '../../app/PageHeader.tsx';
import { QueryError } from '../../app/StatusPages.tsx';
import { TotalsRow } from '../../app/TotalsRow.tsx';
import { useUrlState } from '../../app/url-state.ts';
import { AreaSelect } from '../areas/AreaSelect.tsx';
import { Money } from '../funds/money.tsx';
import {
  type MealSummary,
  useAddMealRule,
  useEndMealRule,
  useMealRules,
  useMealSettings,
  useMealSummary,
  useUpdateMealSettings,
} from './api.ts';

const URL_KEYS = ['day', 'area'] as const;

/** 800 ‰ → "80%", 725 ‰ → "72.5%": per mille shown as a percent without float arithmetic. */
export function permilleText(p: number): string {
  return p % 10 === 0 ? `${p / 10}%` : `${Math.floor(p / 10)}.${p % 10}%`;
}

interface RuleValues {
  validFrom: Dayjs;
  validTo?: Dayjs | null;
  minAge: number;
  maxAge?: number | null;
  category?: MealCategory | null;
  payPercent: number;
  note?: string;
}

const RULE_FIELDS = ['validFrom', 'validTo', 'minAge', 'maxAge', 'category', 'payPermille', 'note'];

function AddRuleModal({ onClose }: { onClose: () => void }) {
  const { t } = useTranslation('meals');
  const add = useAddMealRule();
  return (
    <FormModal<RuleValues>
      title={t('rules.addTitle')}
      okText={t('common:actions.save')}
      width={560}
      fields={RULE_FIELDS}
      initialValues={{ validFrom: dayjs(todayInShanghai()), minAge: 60, payPercent: 80 }}
      onSubmit={(v) =>
        add.mutateAsync({
          validFrom: fromDay(v.validFrom)!,
          validTo: fromDay(v.validTo) ?? null,
          minAge: v.minAge,
          maxAge: v.maxAge ?? null,
          category: v.category ?? null,
          // Percent with one decimal → per mille, an integer.
          payPermille: Math.round(v.payPercent * 10),
          note: v.note?.trim() || undefined,
        })
      }
      success={() => t('rules.added')}
      onClose={onClose}
    >
      <Space size={12} align="start">
        <Form.Item name="validFrom" label={t('rules.validFrom')} rules={[{ required: true }]}>
          <DatePicker style={{ width: 160 }} />
        </Form.Item>
        <Form.Item name="validTo" label={t('rules.validTo')} extra={t('rules.validToHint')}>
          <DatePicker style={{ width: 160 }} />
        </Form.Item>
      </Space>
      <Space size={12} align="start">
        <Form.Item
          name="minAge"
          label={t('rules.minAge')}
          rules={[{ required: true }]}
          extra={t('rules.ageHint')}
        >
          <InputNumber<number> min={0} max={150} precision={0} style={{ width: 120 }} />
        </Form.Item>
        <Form.Item name="maxAge" label={t('rules.maxAge')} extra={t('rules.maxAgeHint')}>
          <InputNumber<number> min={0} max={150} precision={0} style={{ width: 120 }} />
        </Form.Item>
        <Form.Item name="category" label={t('rules.category')}>
          <Select
            allowClear
            placeholder={t('rules.anyCategory')}
            style={{ width: 140 }}
            options={MEAL_CATEGORIES.map((c) => ({ value: c, label: t(`residents:lowIncome.${c}`) }))}
          />
        </Form.Item>
      </Space>
      <Form.Item
        name="payPercent"
        label={t('rules.pays')}
        rules={[{ required: true }]}
        extra={t('rules.paysHint')}
      >
        <InputNumber<number> min={0} max={100} precision={1} suffix="%" style={{ width: 140 }} />
      </Form.Item>
      <Form.Item name="note" label={t('rules.note')}>
        <Input maxLength={200} />
      </Form.Item>
    </FormModal>
  );
}

function EndRuleModal({ rule, onClose }: { rule: MealRule; onClose: () => void }) {
  const { t } = useTranslation('meals');
  const end = useEndMealRule();
  return (
    <FormModal<{ validTo: Dayjs }>
      title={t('rules.endTitle')}
      okText={t('rules.end')}
      okButtonProps={{ danger: true }}
      fields={['validTo']}
      initialValues={{ validTo: dayjs(todayInShanghai()) }}
      onSubmit={(v) => end.mutateAsync({ id: rule.id, validTo: fromDay(v.validTo)! })}
      success={() => t('rules.ended')}
      onClose={onClose}
    >
      <Form.Item name="validTo" label={t('rules.lastDay')} rules={[{ required: true }]}>
        <DatePicker style={{ width: 160 }} />
      </Form.Item>
    </FormModal>
  );
}

function RulesCard() {
  const { t } = useTranslation('meals');
  const rules = useMealRules();
  const [adding, setAdding] = useState(false);
  const [ending, setEnding] = useState<MealRule | null>(null);
  const columns: TableColumnsType<MealRule> = [
    {
      title: t('rules.valid'),
      key: 'valid',
      width: 200,
      render: (_: unknown, r) => `${r.validFrom} — ${r.validTo ?? t('common:untilNow')}`,
    },
    {
      title: t('rules.ages'),
      key: 'ages',
      width: 120,
      render: (_: unknown, r) =>
        r.maxAge === null
          ? t('rules.ageFrom', { min: r.minAge })
          : t('rules.ageRange', { min: r.minAge, max: r.maxAge }),
    },
    {
      title: t('rules.category'),
      dataIndex: 'category',
      width: 100,
      render: (c: MealCategory | null) => (c ? t(`residents:lowIncome.${c}`) : t('rules.anyCategory')),
    },
    {
      title: t('rules.pays'),
      dataIndex: 'payPermille',
      width: 100,
      align: 'right',
      render: (p: number) => <Typography.Text strong>{permilleText(p)}</Typography.Text>,
    },
    { title: t('rules.note'), dataIndex: 'note', ellipsis: true },
    {
      title: '',
      key: 'end',
      width: 80,
      render: (_: unknown, r) =>
        r.validTo ? null : (
          <Button size="small" type="link" danger icon={<StopOutlined />} onClick={() => setEnding(r)}>
            {t('rules.end')}
          </Button>
        ),
    },
  ];
  return (
    <Card
      size="small"
      title={t('rules.title')}
      extra={
        <Button icon={<PlusOutlined />} onClick={() => setAdding(true)}>
          {t('rules.add')}
        </Button>
      }
      style={{ marginBottom: 12 }}
    >
      <Typography.Paragraph type="secondary" style={{ marginTop: 0 }}>
        {t('rules.explain')}
      </Typography.Paragraph>
      {rules.error && <QueryError error={rules.error} onRetry={() => void rules.refetch()} />}
      <Table<MealRule>
        rowKey="id"
        size="small"
        columns={columns}
        dataSource={rules.data?.items}
        loading={rules.isFetching}
        pagination={false}
      />
      {adding && <AddRuleModal onClose={() => setAdding(false)} />}
      {ending && <EndRuleModal rule={ending} onClose={() => setEnding(null)} />}
    </Card>
  );
}

function SettingsCard() {
  const { t } = useTranslation('meals');
  const { message } = App.useApp();
  const settings = useMealSettings();
  const save = useUpdateMealSettings();
  const [value, setValue] = useState<number | null>(null);
  const current = value ?? settings.data?.mealsPerSitting ?? null;
  return (
    <Card size="small" title={t('settings.title')} style={{ marginBottom: 12 }}>
      {settings.error && <QueryError error={settings.error} />}
      <Flex gap={8} align="center" wrap>
        <span>{t('settings.mealsPerSitting')}</span>
        <InputNumber<number>
          min={1}
          max={10}
          precision={0}
          value={current}
          onChange={setValue}
          style={{ width: 80 }}
        />
        <Button
          type="primary"
          disabled={value === null || value === settings.data?.mealsPerSitting}
          loading={save.isPending}
          onClick={() =>
            value !== null &&
            save.mutate(
              { mealsPerSitting: value },
              {
                onSuccess: () => {
                  setValue(null);
                  message.success(t('settings.saved'));
                },
                onError: (e) => message.error(e.message),
              },
            )
          }
        >
          {t('common:actions.save')}
        </Button>
      </Flex>
      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
        {t('settings.hint')}
      </Typography.Text>
    </Card>
  );
}

type SummaryRow = MealSummary['items'][number];

function SummaryCard() {
  const { t } = useTranslation('meals');
  const { values, update } = useUrlState(URL_KEYS);
  const summary = useMealSummary(values.day, values.area);
  const money = (v: number) => <Money value={v} />;
  const columns: TableColumnsType<SummaryRow> = [
    {
      title: t('summary.canteen'),
      dataIndex: 'servicePointName',
      ellipsis: true,
      render: (n: string, r) => (
        <>
          {n}
          <Typography.Text type="secondary" style={{ display: 'block', fontSize: 12 }} ellipsis>
            {r.orgName}
          </Typography.Text>
        </>
      ),
    },
    { title: t('summary.meals'), dataIndex: 'meals', width: 70, align: 'right' },
    { title: t('summary.subsidised'), dataIndex: 'subsidised', width: 80, align: 'right' },
    { title: t('summary.voided'), dataIndex: 'voided', width: 70, align: 'right' },
    { title: t('z.price'), dataIndex: 'priceFen', width: 110, align: 'right', render: money },
    { title: t('z.subsidy'), dataIndex: 'subsidyFen', width: 110, align: 'right', render: money },
    { title: t('z.paid'), dataIndex: 'paidFen', width: 110, align: 'right', render: money },
  ];
  const totals = summary.data?.totals;
  return (
    <Card
      size="small"
      title={t('summary.title')}
      extra={
        <Space>
          <DatePicker
            value={toDay(values.day) ?? dayjs(todayInShanghai())}
            onChange={(d) => update({ day: fromDay(d) })}
            allowClear={false}
            style={{ width: 140 }}
          />
          <div style={{ width: 220 }}>
            <AreaSelect
              value={values.area}
              onChange={(area) => update({ area })}
              placeholder={t('summary.area')}
            />
          </div>
        </Space>
      }
    >
      {summary.error && <QueryError error={summary.error} onRetry={() => void summary.refetch()} />}
      <Table<SummaryRow>
        rowKey="servicePointId"
        size="small"
        columns={columns}
        dataSource={summary.data?.items}
        loading={summary.isFetching}
        pagination={{ pageSize: 10, showSizeChanger: false, hideOnSinglePage: true }}
        locale={{ emptyText: t('summary.empty') }}
        summary={() =>
          totals && (
            <TotalsRow
              label={<Typography.Text strong>{t('summary.total')}</Typography.Text>}
              values={[
                totals.meals,
                totals.subsidised,
                totals.voided,
                <Money key="price" value={totals.priceFen} strong />,
                <Money key="subsidy" value={totals.subsidyFen} strong />,
                <Money key="paid" value={totals.paidFen} strong />,
              ]}
            />
          )
        }
      />
    </Card>
  );
}

/** 助餐管理 (district): the subsidy rules (R8–R9), the per-sitting limit and the day's meals. */
export default function MealRulesPage() {
  const { t } = useTranslation('meals');
  return (
    <>
      <PageHeader title={t('rules.pageTitle')} />
      <Row gutter={12}>
        <Col xs={24} xl={17}>
          <RulesCard />
        </Col>
        <Col xs={24} xl={7}>
          <SettingsCard />
        </Col>
      </Row>
      <SummaryCard />
    </>
  );
}
