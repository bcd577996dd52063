import { MinusCircleOutlined, PlusOutlined } from '@ant-design/icons';
import {
  Alert,
  Button,
  Checkbox,
  DatePicker,
  Form,
  type FormInstance,
  Input,
  InputNumber,
  Select,
  Space,
} from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useTranslation } from 'react-i18next';
import { CREATABLE_KINDS, MARKET_CATEGORIES } from '../../../../contracts/api/activities.ts';
import { NEED_CATEGORIES, type NeedCategory } from '../../../../contracts/api/needs.ts';
import { FormDrawer, useFieldRules } from '../../app/FormDialog.tsx';
import { fromDay } from '../../app/format.ts';
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

/** Server issues on the two ends of a range (`startsAt`/`endsAt`) shown on the range's own field too. */
function showOnRange(name: string, ends: readonly [string, string]) {
  return (err: unknown, form: FormInstance) => {
    const issues = (err as { issues?: { field: string; message: string }[] }).issues ?? [];
    const messages = issues.filter((i) => ends.includes(i.field)).map((i) => i.message);
    if (messages.length) form.setFields([{ name, errors: messages }]);
  };
}

function AreaField() {
  const { t } = useTranslation('activities');
  const rules = useFieldRules();
  return (
    <Form.Item
      name="areaCode"
      label={t('create.area')}
      style={{ width: 280 }}
      rules={rules.selected(t('create.area'))}
    >
      <AreaSelect />
    </Form.Item>
  );
}

function OrgField({ hint }: { hint?: boolean }) {
  const { t } = useTranslation('activities');
  const rules = useFieldRules();
  return (
    <Form.Item
      name="orgId"
      label={t('create.org')}
      extra={hint ? t('create.orgHint') : undefined}
      style={{ width: 300 }}
      rules={rules.selected(t('create.org'))}
    >
      <OrgSelect />
    </Form.Item>
  );
}

/** Where it takes place: a service point of the area, or a place named in words. */
function PlaceFields({ area }: { area?: string }) {
  const { t } = useTranslation('activities');
  return (
    <Space size={12} align="start" wrap>
      <Form.Item name="servicePointId" label={t('create.servicePoint')} style={{ width: 280 }}>
        <ServicePointSelect area={area} />
      </Form.Item>
      <Form.Item name="place" label={t('create.place')} extra={t('create.placeHint')} style={{ width: 300 }}>
        <Input maxLength={200} />
      </Form.Item>
    </Space>
  );
}

function LeaderField() {
  const { t } = useTranslation('activities');
  return (
    <Form.Item name="leaderVolunteerId" label={t('create.leader')} extra={t('create.leaderHint')}>
      <VolunteerSelect />
    </Form.Item>
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

type CreateFormProps = { onClose: () => void; onCreated: (id: string) => void };

function ManualForm({ onClose, onCreated }: CreateFormProps) {
  const { t } = useTranslation('activities');
  const category = useCategoryLabel();
  const rules = useFieldRules();
  const [form] = Form.useForm<ManualValues>();
  const { manual } = useCreateActivity();
  const area = Form.useWatch('areaCode', form);
  const toBody = (v: ManualValues) => {
    const shifts = (v.shifts ?? []).filter((s) => s.time);
    return {
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
    };
  };
  const start = dayjs().add(3, 'day').hour(9).minute(0).second(0);
  return (
    <FormDrawer
      form={form}
      title={t('create.title')}
      size={680}
      okText={t('create.submit')}
      fields={MANUAL_FIELDS}
      initialValues={{
        kind: 'project',
        tier: 1,
        window: [start, start.hour(11).minute(30)],
        posts: [{ name: '', category: 'convenience', capacity: 2 }],
      }}
      onSubmit={(v) => manual.mutateAsync(toBody(v))}
      success={(r) => t('create.created', { no: r.activityNo })}
      onDone={(r) => onCreated(r.id)}
      onError={showOnRange('window', ['startsAt', 'endsAt'])}
      onClose={onClose}
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
        <Form.Item name="tier" label={t('create.tier')} tooltip={t('create.tierHint')} style={{ width: 100 }}>
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
        <AreaField />
        <OrgField hint />
      </Space>
      <PlaceFields area={area} />
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
      <LeaderField />
    </FormDrawer>
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

function MarketForm({ onClose, onCreated }: CreateFormProps) {
  const { t } = useTranslation('activities');
  const category = useCategoryLabel();
  const rules = useFieldRules();
  const [form] = Form.useForm<MarketValues>();
  const { market } = useCreateActivity();
  const area = Form.useWatch('areaCode', form);
  return (
    <FormDrawer
      form={form}
      title={t('create.marketTitle')}
      size={680}
      okText={t('create.submit')}
      fields={MARKET_FIELDS}
      intro={<Alert type="info" showIcon style={{ marginBottom: 16 }} message={t('create.marketNote')} />}
      initialValues={{ capacity: 3, categories: [...MARKET_CATEGORIES] }}
      onSubmit={(v) =>
        market.mutateAsync({
          areaCode: v.areaCode,
          orgId: v.orgId,
          date: fromDay(v.date),
          servicePointId: v.servicePointId || undefined,
          place: v.place?.trim() || undefined,
          title: v.title?.trim() || undefined,
          capacity: v.capacity,
          categories: v.categories,
          leaderVolunteerId: v.leaderVolunteerId || undefined,
        })
      }
      success={(r) => t('create.created', { no: r.activityNo })}
      onDone={(r) => onCreated(r.id)}
      onClose={onClose}
    >
      <Space size={12} align="start" wrap>
        <AreaField />
        <OrgField />
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
      <PlaceFields area={area} />
      <Form.Item
        name="categories"
        label={t('create.categories')}
        rules={rules.selected(t('create.categories'))}
      >
        <Checkbox.Group options={MARKET_CATEGORIES.map((c) => ({ value: c, label: category(c) }))} />
      </Form.Item>
      <LeaderField />
    </FormDrawer>
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

function HolidayForm({ onClose, onCreated }: CreateFormProps) {
  const { t } = useTranslation('activities');
  const category = useCategoryLabel();
  const rules = useFieldRules();
  const { holiday } = useCreateActivity();
  return (
    <FormDrawer
      title={t('create.holidayTitle')}
      size={680}
      okText={t('create.submit')}
      fields={HOLIDAY_FIELDS}
      intro={<Alert type="info" showIcon style={{ marginBottom: 16 }} message={t('create.holidayNote')} />}
      initialValues={{ category: 'convenience' }}
      onSubmit={(v: HolidayValues) =>
        holiday.mutateAsync({
          orgId: v.orgId,
          servicePointId: v.servicePointId,
          title: v.title.trim(),
          from: fromDay(v.days[0])!,
          to: fromDay(v.days[1])!,
          category: v.category,
          leaderVolunteerId: v.leaderVolunteerId || undefined,
        })
      }
      success={(r) => t('create.created', { no: r.activityNo })}
      onDone={(r) => onCreated(r.id)}
      onError={showOnRange('days', ['from', 'to'])}
      onClose={onClose}
    >
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
        <OrgField />
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
      <LeaderField />
    </FormDrawer>
  );
}
