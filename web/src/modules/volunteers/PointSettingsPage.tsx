import { MinusCircleOutlined, PlusOutlined } from '@ant-design/icons';
import {
  Alert,
  App,
  Button,
  Card,
  DatePicker,
  Descriptions,
  Drawer,
  Form,
  Input,
  InputNumber,
  Select,
  Space,
  Table,
  Typography,
} from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { NEED_CATEGORIES, NEED_CATEGORY_LABELS } from '../../../../contracts/api/needs.ts';
import type { PointSetting } from '../../../../contracts/api/volunteers.ts';
import { useAuth } from '../../app/auth.tsx';
import { formatDateTime } from '../../app/format.ts';
import { FormErrors, useFormErrors } from '../../app/forms.tsx';
import { PageHeader } from '../../app/PageHeader.tsx';
import { PageSpinner } from '../../app/PageSpinner.tsx';
import { QueryError } from '../../app/StatusPages.tsx';
import { formatMoney, pickLabel, useLang } from '../funds/money.tsx';
import { useAddPointSetting, usePointSettings } from './api.ts';

const FIELDS = [
  'validFrom',
  'pointsPerHour',
  'categoryCoefficients',
  'tierCoefficients',
  'capMinutesPerActivity',
  'redPointsPerHour',
  'expiryMonths',
  'timeBankCapMinutes',
  'note',
];

/** Points for 90 minutes of an ordinary tier-1 service, as the rules compute it (rounded down). */
function example(
  s: Pick<PointSetting, 'pointsPerHour' | 'capMinutesPerActivity' | 'tierCoefficients'>,
): number {
  const counted = s.capMinutesPerActivity > 0 ? Math.min(90, s.capMinutesPerActivity) : 90;
  const tier = s.tierCoefficients['1'] ?? 1000;
  return Math.floor((counted * s.pointsPerHour * 1000 * tier) / 60_000_000);
}

function RulesView({ s }: { s: PointSetting }) {
  const { t } = useTranslation('volunteers');
  const lang = useLang();
  const categories = Object.entries(s.categoryCoefficients);
  const label = (k: string) => pickLabel(NEED_CATEGORY_LABELS, k, lang);
  return (
    <Descriptions
      size="small"
      column={{ xs: 1, md: 2 }}
      items={[
        { key: 'pph', label: t('settings.pointsPerHour'), children: s.pointsPerHour },
        {
          key: 'cat',
          label: t('settings.categoryCoefficients'),
          children: categories.length
            ? categories
                .map(([k, v]) => `${label(k)} ${t('settings.permille', { value: v })}`)
                .join(lang === 'en' ? ', ' : '，')
            : '—',
        },
        {
          key: 'tier',
          label: t('settings.tiers'),
          children: ['1', '2', '3']
            .map(
              (k) =>
                `${t('settings.tier', { tier: k })} ${t('settings.permille', { value: s.tierCoefficients[k] ?? 1000 })}`,
            )
            .join(lang === 'en' ? ', ' : '，'),
        },
        {
          key: 'cap',
          label: t('settings.cap'),
          children: s.capMinutesPerActivity
            ? formatMoney(s.capMinutesPerActivity, 'minute', lang)
            : t('settings.noCap'),
        },
        { key: 'red', label: t('settings.red'), children: s.redPointsPerHour },
        {
          key: 'expiry',
          label: t('settings.expiry'),
          children: s.expiryMonths ? t('settings.months', { value: s.expiryMonths }) : t('settings.never'),
        },
        {
          key: 'cap2',
          label: t('settings.timeBankCap'),
          children: s.timeBankCapMinutes
            ? formatMoney(s.timeBankCapMinutes, 'minute', lang)
            : t('settings.noCap'),
        },
        { key: 'note', label: t('settings.note'), children: s.note ?? '—', span: 2 },
      ]}
    />
  );
}

interface Values {
  validFrom: Dayjs;
  pointsPerHour: number;
  categories: { category: string; permille: number }[];
  tier1: number;
  tier2: number;
  tier3: number;
  capMinutesPerActivity: number;
  redPointsPerHour: number;
  expiryMonths: number;
  timeBankCapMinutes: number;
  note?: string;
}

function AddDrawer({ base, onClose }: { base: PointSetting | null; onClose: () => void }) {
  const { t } = useTranslation('volunteers');
  const { message } = App.useApp();
  const lang = useLang();
  const [form] = Form.useForm<Values>();
  const errors = useFormErrors(form, FIELDS);
  const add = useAddPointSetting();
  const categoryOptions = NEED_CATEGORIES.map((c) => ({
    value: c,
    label: pickLabel(NEED_CATEGORY_LABELS, c, lang),
  }));
  const num = (max: number) => <InputNumber<number> min={0} max={max} precision={0} style={{ width: 160 }} />;
  const required = (field: string) => [{ required: true, message: t('form.required', { field }) }];
  const watched = Form.useWatch([], form) as Partial<Values> | undefined;
  return (
    <Drawer
      open
      title={t('settings.addTitle')}
      size={560}
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
      <Alert type="info" showIcon title={t('settings.addHint')} style={{ marginBottom: 12 }} />
      <FormErrors messages={errors.messages} />
      <Form<Values>
        form={form}
        layout="vertical"
        initialValues={{
          validFrom: dayjs().add(1, 'day'),
          pointsPerHour: base?.pointsPerHour ?? 10,
          categories: Object.entries(base?.categoryCoefficients ?? {}).map(([category, permille]) => ({
            category,
            permille,
          })),
          tier1: base?.tierCoefficients['1'] ?? 1000,
          tier2: base?.tierCoefficients['2'] ?? 1200,
          tier3: base?.tierCoefficients['3'] ?? 1500,
          capMinutesPerActivity: base?.capMinutesPerActivity ?? 240,
          redPointsPerHour: base?.redPointsPerHour ?? 10,
          expiryMonths: base?.expiryMonths ?? 24,
          timeBankCapMinutes: base?.timeBankCapMinutes ?? 90000,
        }}
        onFinish={(v) => {
          errors.clear();
          const validFrom = v.validFrom.format('YYYY-MM-DD');
          add.mutate(
            {
              validFrom,
              pointsPerHour: v.pointsPerHour,
              categoryCoefficients: Object.fromEntries(
                v.categories.map((c) => [c.category.trim(), c.permille]),
              ),
              tierCoefficients: { '1': v.tier1, '2': v.tier2, '3': v.tier3 },
              capMinutesPerActivity: v.capMinutesPerActivity,
              redPointsPerHour: v.redPointsPerHour,
              expiryMonths: v.expiryMonths,
              timeBankCapMinutes: v.timeBankCapMinutes,
              note: v.note?.trim() || undefined,
            },
            {
              onSuccess: () => {
                message.success(t('settings.added', { date: validFrom }));
                onClose();
              },
              onError: errors.report,
            },
          );
        }}
      >
        <Form.Item name="validFrom" label={t('settings.validFrom')} rules={required(t('settings.validFrom'))}>
          <DatePicker disabledDate={(d) => !d.isAfter(dayjs(), 'day')} />
        </Form.Item>
        <Form.Item
          name="pointsPerHour"
          label={t('settings.pointsPerHour')}
          rules={required(t('settings.pointsPerHour'))}
        >
          {num(1000)}
        </Form.Item>
        <Form.Item label={t('settings.categoryCoefficients')}>
          <Form.List name="categories">
            {(fields, { add: addRow, remove }) => (
              <>
                {fields.map((f) => (
                  <Space key={f.key} align="start" style={{ display: 'flex', marginBottom: 4 }}>
                    <Form.Item
                      name={[f.name, 'category']}
                      rules={[{ required: true, message: t('settings.category') }]}
                      noStyle
                    >
                      <Select
                        options={categoryOptions}
                        placeholder={t('settings.category')}
                        style={{ width: 180 }}
                      />
                    </Form.Item>
                    <Form.Item name={[f.name, 'permille']} rules={[{ required: true }]} noStyle>
                      <InputNumber<number>
                        min={0}
                        max={5000}
                        precision={0}
                        placeholder={t('settings.coefficient')}
                        style={{ width: 140 }}
                      />
                    </Form.Item>
                    <Button
                      type="text"
                      aria-label={t('teams.remove')}
                      icon={<MinusCircleOutlined />}
                      onClick={() => remove(f.name)}
                    />
                  </Space>
                ))}
                <Button
                  type="dashed"
                  icon={<PlusOutlined />}
                  onClick={() => addRow({ category: undefined, permille: 1500 })}
                >
                  {t('settings.addCategory')}
                </Button>
              </>
            )}
          </Form.List>
        </Form.Item>
        <Form.Item label={t('settings.tiers')}>
          <Space>
            {(['tier1', 'tier2', 'tier3'] as const).map((k, i) => (
              <Form.Item key={k} name={k} noStyle>
                <InputNumber<number>
                  min={0}
                  max={5000}
                  precision={0}
                  prefix={t('settings.tier', { tier: i + 1 })}
                  aria-label={t('settings.tier', { tier: i + 1 })}
                  style={{ width: 130 }}
                />
              </Form.Item>
            ))}
          </Space>
        </Form.Item>
        <Form.Item name="capMinutesPerActivity" label={t('settings.cap')} extra={t('settings.capHint')}>
          {num(1440)}
        </Form.Item>
        <Form.Item name="redPointsPerHour" label={t('settings.red')}>
          {num(1000)}
        </Form.Item>
        <Form.Item name="expiryMonths" label={t('settings.expiry')} extra={t('settings.expiryHint')}>
          {num(120)}
        </Form.Item>
        <Form.Item name="timeBankCapMinutes" label={t('settings.timeBankCap')}>
          {num(1_000_000)}
        </Form.Item>
        <Form.Item name="note" label={t('settings.note')}>
          <Input.TextArea rows={2} maxLength={500} />
        </Form.Item>
      </Form>
      {watched?.pointsPerHour != null && (
        <Typography.Text type="secondary">
          {t('settings.example', {
            points: example({
              pointsPerHour: watched.pointsPerHour,
              capMinutesPerActivity: watched.capMinutesPerActivity ?? 0,
              tierCoefficients: { '1': watched.tier1 ?? 1000 },
            }),
          })}
        </Typography.Text>
      )}
    </Drawer>
  );
}

/** The dated point rules (ADR 0014): the version in force, every version, a new one. */
export default function PointSettingsPage() {
  const { t } = useTranslation('volunteers');
  const { can } = useAuth();
  const query = usePointSettings();
  const [adding, setAdding] = useState(false);
  const data = query.data;
  return (
    <>
      <PageHeader
        title={t('settings.title')}
        extra={
          can('points.manage') && (
            <Button type="primary" icon={<PlusOutlined />} onClick={() => setAdding(true)}>
              {t('settings.add')}
            </Button>
          )
        }
      />
      {query.error && <QueryError error={query.error} onRetry={() => void query.refetch()} />}
      {!data && query.isLoading && <PageSpinner />}
      {data && (
        <>
          <Card
            size="small"
            title={
              data.current ? t('settings.current', { date: data.current.validFrom }) : t('settings.none')
            }
            style={{ marginBottom: 12 }}
          >
            {data.current && (
              <>
                <RulesView s={data.current} />
                <Typography.Text type="secondary">
                  {t('settings.example', { points: example(data.current) })}
                </Typography.Text>
              </>
            )}
          </Card>
          <Card size="small" title={t('settings.versions')}>
            <Table<PointSetting>
              rowKey="id"
              size="small"
              dataSource={[...data.items].reverse()}
              pagination={false}
              scroll={{ x: 700 }}
              expandable={{ expandedRowRender: (s) => <RulesView s={s} /> }}
              columns={[
                { title: t('settings.validFrom'), dataIndex: 'validFrom', width: 120 },
                {
                  title: t('settings.pointsPerHour'),
                  dataIndex: 'pointsPerHour',
                  width: 110,
                  align: 'right',
                },
                { title: t('settings.red'), dataIndex: 'redPointsPerHour', width: 150, align: 'right' },
                { title: t('settings.expiry'), dataIndex: 'expiryMonths', width: 130, align: 'right' },
                { title: t('settings.note'), dataIndex: 'note', ellipsis: true },
                {
                  title: '',
                  dataIndex: 'createdAt',
                  width: 150,
                  render: (v: string) => formatDateTime(v).slice(0, 16),
                },
              ]}
            />
          </Card>
        </>
      )}
      {adding && <AddDrawer base={data?.current ?? null} onClose={() => setAdding(false)} />}
    </>
  );
}
