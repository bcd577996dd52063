import { MinusCircleOutlined, PlusOutlined } from '@ant-design/icons';
import {
  Alert,
  App,
  Button,
  Checkbox,
  DatePicker,
  Drawer,
  Form,
  Input,
  InputNumber,
  Select,
  Space,
} from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { CREATABLE_KINDS, MARKET_CATEGORIES } from '../../../../contracts/api/activities.ts';
import { NEED_CATEGORIES, type NeedCategory } from '../../../../contracts/api/needs.ts';
import { fromDay } from '../../app/format.ts';
import { FormErrors, useFormErrors } from '../../app/forms.tsx';
import { AreaSelect } from '../areas/AreaSelect.tsx';
import { useServicePoints } from '../service-points/api.ts';
import { OrgSelect } from '../service-points/OrgSelect.tsx';
import { useCreateActivity } from './api.ts';
import { useCategoryLabel } from './labels.tsx';
import { VolunteerSelect } from './VolunteerSelect.tsx';

type Mode = 'manual' | 'market' | 'holiday';
const iso = (d: Dayjs) => d.second(0).millisecond(0).toISOString();

function ServicePointSelect({
  area,
  value,
  onChange,
  id,
}: {
  area?: string;
  value?: string;
  onChange?: (v: string | undefined) => void;
  id?: string;
}) {
  const points = useServicePoints({ area, pageSize: 100 });
  return (
    <Select
      id={id}
      allowClear
      value={value}
      onChange={onChange}
      showSearch={{ optionFilterProp: 'label' }}
      loading={points.isFetching}
      options={(points.data?.items ?? [])
        .filter((p) => !p.closedOn)
        .map((p) => ({ value: p.id, label: `${p.name}（${p.areaName}）` }))}
    />
  );
}

function Shell({
  title,
  pending,
  onClose,
  onSubmit,
  children,
}: {
  title: string;
  pending: boolean;
  onClose: () => void;
  onSubmit: () => void;
  children: ReactNode;
}) {
  const { t } = useTranslation('activities');
  return (
    <Drawer
      open
      title={title}
      size={680}
      onClose={onClose}
      destroyOnHidden
      footer={
        <Space style={{ float: 'right' }}>
          <Button onClick={onClose}>{t('common:actions.cancel')}</Button>
          <Button type="primary" loading={pending} onClick={onSubmit}>
            {t('create.submit')}
          </Button>
        </Space>
      }
    >
      {children}
    </Drawer>
  );
}

/** New activity by hand, the monthly civilization market, or holiday posts at a station. */
export function CreateActivityDrawer({
  mode,
  onClose,
  onCreated,
}: {
  mode: Mode;
  onClose: () => void;
  onCreated: (id: string) => void;
}) {
  if (mode === 'market') return <MarketForm onClose={onClose} onCreated={onCreated} />;
  if (mode === 'holiday') return <HolidayForm onClose={onClose} onCreated={onCreated} />;
  return <ManualForm onClose={onClose} onCreated={onCreated} />;
}

interface ManualValues {
  kind: (typeof CREATABLE_KINDS)[number];
  title: string;
  description?: string;
  category: NeedCategory;
  tier: number;
  areaCode: string;
  orgId: string;
  servicePointId?: string;
  place?: string;
  window: [Dayjs, Dayjs];
  shifts?: { label?: string; time?: [Dayjs, Dayjs] }[];
  posts: { name: string; category: NeedCategory; capacity: number }[];
  leaderVolunteerId?: string;
}
const MANUAL_FIELDS = [
  'kind',
  'title',
  'description',
  'category',
  'tier',
  'areaCode',
  'orgId',
  'servicePointId',
  'place',
  'window',
  'shifts',
  'posts',
  'leaderVolunteerId',
];

function useRules() {
  const { t } = useTranslation('activities');
  return {
    required: (field: string) => [{ required: true, message: t('common:form.required', { field }) }],
    selected: (field: string) => [{ required: true, message: t('common:form.selectRequired', { field }) }],
  };
}

function ManualForm({ onClose, onCreated }: { onClose: () => void; onCreated: (id: string) => void }) {
  const { t } = useTranslation('activities');
  const { message } = App.useApp();
  const category = useCategoryLabel();
  const rules = useRules();
  const [form] = Form.useForm<ManualValues>();
  const errors = useFormErrors(form, MANUAL_FIELDS);
  const { manual } = useCreateActivity();
  const area = Form.useWatch('areaCode', form);
  const submit = (v: ManualValues) => {
    errors.clear();
    const shifts = (v.shifts ?? []).filter((s) => s.time);
    manual.mutate(
      {
        kind: v.kind,
        title: v.title.trim(),
        description: v.description?.trim() || undefined,
        category: v.category,
        tier: v.tier,
        areaCode: v.areaCode,
        orgId: v.orgId,
        servicePointId: v.servicePointId || undefined,
        place: v.place?.trim() || undefined,
        startsAt: iso(v.window[0]),
        endsAt: iso(v.window[1]),
        shifts: shifts.length
          ? shifts.map((s) => ({
              label: s.label?.trim() || undefined,
              startsAt: iso(s.time![0]),
              endsAt: iso(s.time![1]),
            }))
          : [{ startsAt: iso(v.window[0]), endsAt: iso(v.window[1]) }],
        posts: v.posts,
        leaderVolunteerId: v.leaderVolunteerId || undefined,
      },
      {
        onSuccess: (r) => {
          message.success(t('create.created', { no: r.activityNo }));
          onCreated(r.id);
        },
        onError: (err) => {
          errors.report(err);
          const issues = (err as { issues?: { field: string; message: string }[] }).issues ?? [];
          const onWindow = issues
            .filter((i) => i.field === 'startsAt' || i.field === 'endsAt')
            .map((i) => i.message);
          if (onWindow.length) form.setFields([{ name: 'window', errors: onWindow }]);
        },
      },
    );
  };
  const start = dayjs().add(3, 'day').hour(9).minute(0).second(0);
  return (
    <Shell
      title={t('create.title')}
      pending={manual.isPending}
      onClose={onClose}
      onSubmit={() => void form.validateFields().then(submit, () => undefined)}
    >
      <FormErrors messages={errors.messages} />
      <Form<ManualValues>
        form={form}
        layout="vertical"
        initialValues={{
          kind: 'project',
          tier: 1,
          window: [start, start.hour(11).minute(30)],
          posts: [{ name: '', category: 'convenience', capacity: 2 }],
        }}
      >
        <Space size={12} align="start" wrap>
          <Form.Item
            name="kind"
            label={t('create.kind')}
            style={{ width: 150 }}
            rules={rules.selected(t('create.kind'))}
          >
            <Select options={CREATABLE_KINDS.map((k) => ({ value: k, label: t(`kinds.${k}`) }))} />
          </Form.Item>
          <Form.Item
            name="category"
            label={t('create.category')}
            style={{ width: 150 }}
            rules={rules.selected(t('create.category'))}
          >
            <Select options={NEED_CATEGORIES.map((c) => ({ value: c, label: category(c) }))} />
          </Form.Item>
          <Form.Item
            name="tier"
            label={t('create.tier')}
            tooltip={t('create.tierHint')}
            style={{ width: 100 }}
          >
            <InputNumber min={1} max={3} />
          </Form.Item>
        </Space>
        <Form.Item name="title" label={t('create.name')} rules={rules.required(t('create.name'))}>
          <Input maxLength={100} />
        </Form.Item>
        <Form.Item name="description" label={t('create.description')}>
          <Input.TextArea rows={2} maxLength={2000} />
        </Form.Item>
        <Space size={12} align="start" wrap>
          <Form.Item
            name="areaCode"
            label={t('create.area')}
            style={{ width: 280 }}
            rules={rules.selected(t('create.area'))}
          >
            <AreaSelect />
          </Form.Item>
          <Form.Item
            name="orgId"
            label={t('create.org')}
            extra={t('create.orgHint')}
            style={{ width: 300 }}
            rules={rules.selected(t('create.org'))}
          >
            <OrgSelect />
          </Form.Item>
        </Space>
        <Space size={12} align="start" wrap>
          <Form.Item name="servicePointId" label={t('create.servicePoint')} style={{ width: 280 }}>
            <ServicePointSelect area={area} />
          </Form.Item>
          <Form.Item
            name="place"
            label={t('create.place')}
            extra={t('create.placeHint')}
            style={{ width: 300 }}
          >
            <Input maxLength={200} />
          </Form.Item>
        </Space>
        <Form.Item name="window" label={t('create.window')} rules={rules.selected(t('create.window'))}>
          <DatePicker.RangePicker showTime={{ format: 'HH:mm', minuteStep: 5 }} format="YYYY-MM-DD HH:mm" />
        </Form.Item>
        <Form.Item label={t('create.shifts')} style={{ marginBottom: 8 }}>
          <Form.List name="shifts">
            {(fields, { add, remove }) => (
              <>
                {fields.map((f) => (
                  <Space key={f.key} align="baseline" wrap>
                    <Form.Item name={[f.name, 'label']} style={{ width: 120 }}>
                      <Input placeholder={t('create.shiftLabel')} maxLength={40} />
                    </Form.Item>
                    <Form.Item name={[f.name, 'time']} rules={rules.selected(t('create.shiftTime'))}>
                      <DatePicker.RangePicker
                        showTime={{ format: 'HH:mm', minuteStep: 5 }}
                        format="YYYY-MM-DD HH:mm"
                      />
                    </Form.Item>
                    <MinusCircleOutlined
                      aria-label={t('common:actions.cancel')}
                      onClick={() => remove(f.name)}
                    />
                  </Space>
                ))}
                <Button type="dashed" icon={<PlusOutlined />} onClick={() => add()}>
                  {t('create.addShift')}
                </Button>
              </>
            )}
          </Form.List>
        </Form.Item>
        <Form.Item label={t('create.posts')} required>
          <Form.List name="posts">
            {(fields, { add, remove }) => (
              <>
                {fields.map((f) => (
                  <Space key={f.key} align="baseline" wrap>
                    <Form.Item
                      name={[f.name, 'name']}
                      rules={rules.required(t('create.postName'))}
                      style={{ width: 180 }}
                    >
                      <Input placeholder={t('create.postName')} maxLength={60} />
                    </Form.Item>
                    <Form.Item name={[f.name, 'category']} style={{ width: 120 }}>
                      <Select options={NEED_CATEGORIES.map((c) => ({ value: c, label: category(c) }))} />
                    </Form.Item>
                    <Form.Item name={[f.name, 'capacity']} style={{ width: 110 }}>
                      <InputNumber min={1} max={200} addonAfter={t('create.capacity')} />
                    </Form.Item>
                    {fields.length > 1 && <MinusCircleOutlined onClick={() => remove(f.name)} />}
                  </Space>
                ))}
                <Button
                  type="dashed"
                  icon={<PlusOutlined />}
                  onClick={() =>
                    add({ name: '', category: form.getFieldValue('category') ?? 'convenience', capacity: 2 })
                  }
                >
                  {t('create.addPost')}
                </Button>
              </>
            )}
          </Form.List>
        </Form.Item>
        <Form.Item name="leaderVolunteerId" label={t('create.leader')} extra={t('create.leaderHint')}>
          <VolunteerSelect />
        </Form.Item>
      </Form>
    </Shell>
  );
}

interface MarketValues {
  areaCode: string;
  orgId: string;
  date?: Dayjs;
  servicePointId?: string;
  place?: string;
  title?: string;
  capacity: number;
  categories: (typeof MARKET_CATEGORIES)[number][];
  leaderVolunteerId?: string;
}
const MARKET_FIELDS = [
  'areaCode',
  'orgId',
  'date',
  'servicePointId',
  'place',
  'title',
  'capacity',
  'categories',
];

function MarketForm({ onClose, onCreated }: { onClose: () => void; onCreated: (id: string) => void }) {
  const { t } = useTranslation('activities');
  const { message } = App.useApp();
  const category = useCategoryLabel();
  const rules = useRules();
  const [form] = Form.useForm<MarketValues>();
  const errors = useFormErrors(form, MARKET_FIELDS);
  const { market } = useCreateActivity();
  const area = Form.useWatch('areaCode', form);
  const submit = (v: MarketValues) => {
    errors.clear();
    market.mutate(
      {
        areaCode: v.areaCode,
        orgId: v.orgId,
        date: fromDay(v.date),
        servicePointId: v.servicePointId || undefined,
        place: v.place?.trim() || undefined,
        title: v.title?.trim() || undefined,
        capacity: v.capacity,
        categories: v.categories,
        leaderVolunteerId: v.leaderVolunteerId || undefined,
      },
      {
        onSuccess: (r) => {
          message.success(t('create.created', { no: r.activityNo }));
          onCreated(r.id);
        },
        onError: errors.report,
      },
    );
  };
  return (
    <Shell
      title={t('create.marketTitle')}
      pending={market.isPending}
      onClose={onClose}
      onSubmit={() => void form.validateFields().then(submit, () => undefined)}
    >
      <Alert type="info" showIcon style={{ marginBottom: 16 }} message={t('create.marketNote')} />
      <FormErrors messages={errors.messages} />
      <Form<MarketValues>
        form={form}
        layout="vertical"
        initialValues={{ capacity: 3, categories: [...MARKET_CATEGORIES] }}
      >
        <Space size={12} align="start" wrap>
          <Form.Item
            name="areaCode"
            label={t('create.area')}
            style={{ width: 280 }}
            rules={rules.selected(t('create.area'))}
          >
            <AreaSelect />
          </Form.Item>
          <Form.Item
            name="orgId"
            label={t('create.org')}
            style={{ width: 300 }}
            rules={rules.selected(t('create.org'))}
          >
            <OrgSelect />
          </Form.Item>
        </Space>
        <Space size={12} align="start" wrap>
          <Form.Item name="date" label={t('create.date')} extra={t('create.dateHint')}>
            <DatePicker />
          </Form.Item>
          <Form.Item name="capacity" label={t('create.capacityPerBooth')}>
            <InputNumber min={1} max={50} />
          </Form.Item>
        </Space>
        <Form.Item name="title" label={t('create.name')}>
          <Input maxLength={100} />
        </Form.Item>
        <Space size={12} align="start" wrap>
          <Form.Item name="servicePointId" label={t('create.servicePoint')} style={{ width: 280 }}>
            <ServicePointSelect area={area} />
          </Form.Item>
          <Form.Item
            name="place"
            label={t('create.place')}
            extra={t('create.placeHint')}
            style={{ width: 300 }}
          >
            <Input maxLength={200} />
          </Form.Item>
        </Space>
        <Form.Item
          name="categories"
          label={t('create.categories')}
          rules={rules.selected(t('create.categories'))}
        >
          <Checkbox.Group options={MARKET_CATEGORIES.map((c) => ({ value: c, label: category(c) }))} />
        </Form.Item>
        <Form.Item name="leaderVolunteerId" label={t('create.leader')} extra={t('create.leaderHint')}>
          <VolunteerSelect />
        </Form.Item>
      </Form>
    </Shell>
  );
}

interface HolidayValues {
  orgId: string;
  servicePointId: string;
  title: string;
  days: [Dayjs, Dayjs];
  category: NeedCategory;
  leaderVolunteerId?: string;
}
const HOLIDAY_FIELDS = ['orgId', 'servicePointId', 'title', 'days', 'category'];

function HolidayForm({ onClose, onCreated }: { onClose: () => void; onCreated: (id: string) => void }) {
  const { t } = useTranslation('activities');
  const { message } = App.useApp();
  const category = useCategoryLabel();
  const rules = useRules();
  const [form] = Form.useForm<HolidayValues>();
  const errors = useFormErrors(form, HOLIDAY_FIELDS);
  const { holiday } = useCreateActivity();
  const submit = (v: HolidayValues) => {
    errors.clear();
    holiday.mutate(
      {
        orgId: v.orgId,
        servicePointId: v.servicePointId,
        title: v.title.trim(),
        from: fromDay(v.days[0])!,
        to: fromDay(v.days[1])!,
        category: v.category,
        leaderVolunteerId: v.leaderVolunteerId || undefined,
      },
      {
        onSuccess: (r) => {
          message.success(t('create.created', { no: r.activityNo }));
          onCreated(r.id);
        },
        onError: (err) => {
          errors.report(err);
          const issues = (err as { issues?: { field: string; message: string }[] }).issues ?? [];
          const onDays = issues.filter((i) => i.field === 'from' || i.field === 'to').map((i) => i.message);
          if (onDays.length) form.setFields([{ name: 'days', errors: onDays }]);
        },
      },
    );
  };
  return (
    <Shell
      title={t('create.holidayTitle')}
      pending={holiday.isPending}
      onClose={onClose}
      onSubmit={() => void form.validateFields().then(submit, () => undefined)}
    >
      <Alert type="info" showIcon style={{ marginBottom: 16 }} message={t('create.holidayNote')} />
      <FormErrors messages={errors.messages} />
      <Form<HolidayValues> form={form} layout="vertical" initialValues={{ category: 'convenience' }}>
        <Form.Item name="title" label={t('create.name')} rules={rules.required(t('create.name'))}>
          <Input maxLength={100} />
        </Form.Item>
        <Space size={12} align="start" wrap>
          <Form.Item
            name="servicePointId"
            label={t('create.servicePoint')}
            style={{ width: 300 }}
            rules={rules.selected(t('create.servicePoint'))}
          >
            <ServicePointSelect />
          </Form.Item>
          <Form.Item
            name="orgId"
            label={t('create.org')}
            style={{ width: 300 }}
            rules={rules.selected(t('create.org'))}
          >
            <OrgSelect />
          </Form.Item>
        </Space>
        <Space size={12} align="start" wrap>
          <Form.Item
            name="days"
            label={t('create.holidayDays')}
            rules={rules.selected(t('create.holidayDays'))}
          >
            <DatePicker.RangePicker />
          </Form.Item>
          <Form.Item name="category" label={t('create.category')} style={{ width: 150 }}>
            <Select options={NEED_CATEGORIES.map((c) => ({ value: c, label: category(c) }))} />
          </Form.Item>
        </Space>
        <Form.Item name="leaderVolunteerId" label={t('create.leader')} extra={t('create.leaderHint')}>
          <VolunteerSelect />
        </Form.Item>
      </Form>
    </Shell>
  );
}
