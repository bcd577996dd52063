import { App, Button, DatePicker, Drawer, Form, Input, InputNumber, Select, Space } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useTranslation } from 'react-i18next';
import { NEED_CATEGORIES, NEED_LIMITS, type NeedDetail } from '../../../../contracts/api/needs.ts';
import { VOLUNTEER_SKILLS } from '../../../../contracts/api/volunteers.ts';
import { useAuth } from '../../app/auth.tsx';
import { FormErrors, useFormErrors } from '../../app/forms.tsx';
import { AreaSelect } from '../areas/AreaSelect.tsx';
import { PersonSelect } from '../residents/PersonSelect.tsx';
import { useServicePoints } from '../service-points/api.ts';
import { useCreateNeed, useUpdateNeed } from './api.ts';
import { useNeedLabels } from './labels.tsx';

const FIELDS = [
  'areaCode',
  'category',
  'title',
  'description',
  'beneficiaryPersonId',
  'servicePointId',
  'place',
  'startsAt',
  'endsAt',
  'window',
  'headcount',
  'skills',
];

interface Values {
  areaCode?: string;
  category: string;
  title: string;
  description?: string;
  beneficiaryPersonId?: string;
  servicePointId?: string;
  place?: string;
  window: [Dayjs, Dayjs];
  headcount: number;
  skills: string[];
}

const COMMUNITY_LEVELS = ['community', 'village'] as const;

/** Posts a need (draft or published at once) or edits one nobody has claimed yet. */
export function NeedFormDrawer({
  need,
  onClose,
  onSaved,
}: {
  need?: NeedDetail;
  onClose: () => void;
  onSaved: (need: NeedDetail) => void;
}) {
  const { t } = useTranslation('needs');
  const { message } = App.useApp();
  const labels = useNeedLabels();
  const { me } = useAuth();
  const [form] = Form.useForm<Values>();
  // "Required" names the field as this form labels it (the shared label of areaCode is a residence).
  const labelOf: Record<string, string> = { areaCode: t('fields.area'), place: t('fields.place') };
  const errors = useFormErrors(form, FIELDS, (i) =>
    i.code === 'FIELD_REQUIRED' && labelOf[i.field]
      ? t('common:form.selectRequired', { field: labelOf[i.field] })
      : undefined,
  );
  // A community worker posts for their community by default.
  const ownCommunity = me?.grants.find(
    (g) => g.role === 'community_worker' && !g.areaCode.endsWith('000'),
  )?.areaCode;
  const create = useCreateNeed();
  const update = useUpdateNeed(need?.id ?? '');
  const areaCode = Form.useWatch('areaCode', form) ?? need?.areaCode;
  const points = useServicePoints({ area: areaCode, pageSize: 100 });
  const pending = create.isPending || update.isPending;

  const body = (v: Values) => ({
    category: v.category as (typeof NEED_CATEGORIES)[number],
    title: v.title.trim(),
    description: v.description?.trim() || undefined,
    servicePointId: v.servicePointId || undefined,
    place: v.place?.trim() || undefined,
    startsAt: v.window[0].second(0).millisecond(0).toISOString(),
    endsAt: v.window[1].second(0).millisecond(0).toISOString(),
    headcount: v.headcount,
    skills: v.skills as (typeof VOLUNTEER_SKILLS)[number][],
  });

  const onError = (err: unknown) => {
    errors.report(err);
    // The window's ends are reported on their own names: show them on the range.
    const issues = (err as { issues?: { field: string; message: string }[] }).issues ?? [];
    const windowErrors = issues
      .filter((i) => i.field === 'startsAt' || i.field === 'endsAt')
      .map((i) => i.message);
    if (windowErrors.length) form.setFields([{ name: 'window', errors: windowErrors }]);
  };

  const submit = (publish: boolean) => (v: Values) => {
    errors.clear();
    if (need)
      update.mutate(
        {
          version: need.version,
          ...body(v),
          description: v.description?.trim() || null,
          beneficiaryPersonId: v.beneficiaryPersonId || null,
          servicePointId: v.servicePointId || null,
        },
        {
          onSuccess: (n) => {
            message.success(t('form.updated'));
            onSaved(n);
          },
          onError,
        },
      );
    else
      create.mutate(
        {
          ...body(v),
          areaCode: v.areaCode || undefined,
          beneficiaryPersonId: v.beneficiaryPersonId || undefined,
          publish,
        },
        {
          onSuccess: (n) => {
            message.success(t(publish ? 'form.published' : 'form.saved', { needNo: n.needNo }));
            onSaved(n);
          },
          onError,
        },
      );
  };
  const go = (publish: boolean) => form.validateFields().then(submit(publish), () => undefined);
  const required = (field: string) => [{ required: true, message: t('common:form.required', { field }) }];
  const selectRequired = (field: string) => [
    { required: true, message: t('common:form.selectRequired', { field }) },
  ];

  return (
    <Drawer
      open
      title={need ? t('form.titleEdit') : t('form.titleNew')}
      size={640}
      onClose={onClose}
      destroyOnHidden
      footer={
        <Space style={{ float: 'right' }}>
          <Button onClick={onClose}>{t('common:actions.cancel')}</Button>
          {need ? (
            <Button type="primary" loading={pending} onClick={() => void go(false)}>
              {t('form.save')}
            </Button>
          ) : (
            <>
              <Button loading={pending} onClick={() => void go(false)}>
                {t('form.saveDraft')}
              </Button>
              <Button type="primary" loading={pending} onClick={() => void go(true)}>
                {t('form.publish')}
              </Button>
            </>
          )}
        </Space>
      }
    >
      <FormErrors messages={errors.messages} />
      <Form<Values>
        form={form}
        layout="vertical"
        initialValues={
          need
            ? {
                areaCode: need.areaCode,
                category: need.category,
                title: need.title,
                description: need.description ?? undefined,
                beneficiaryPersonId: need.beneficiary?.personId,
                servicePointId: need.servicePointId ?? undefined,
                place: need.place,
                window: [dayjs(need.startsAt), dayjs(need.endsAt)],
                headcount: need.headcount,
                skills: need.skills,
              }
            : {
                areaCode: ownCommunity,
                headcount: 1,
                skills: [],
                window: [
                  dayjs().add(2, 'day').hour(9).minute(0).second(0),
                  dayjs().add(2, 'day').hour(11).minute(0).second(0),
                ],
              }
        }
      >
        <Space size={12} align="start" style={{ width: '100%' }} wrap>
          <Form.Item
            name="category"
            label={t('fields.category')}
            rules={selectRequired(t('fields.category'))}
            style={{ width: 180 }}
          >
            <Select options={NEED_CATEGORIES.map((c) => ({ value: c, label: labels.category(c) }))} />
          </Form.Item>
          <Form.Item
            name="areaCode"
            label={t('fields.area')}
            extra={need ? undefined : t('form.areaHint')}
            style={{ width: 260 }}
          >
            <AreaSelect levels={COMMUNITY_LEVELS} disabled={!!need} />
          </Form.Item>
        </Space>
        <Form.Item name="title" label={t('fields.title')} rules={required(t('fields.title'))}>
          <Input maxLength={NEED_LIMITS.titleMax} placeholder={t('form.titlePlaceholder')} />
        </Form.Item>
        <Form.Item name="description" label={t('fields.description')}>
          <Input.TextArea rows={3} maxLength={NEED_LIMITS.descriptionMax} />
        </Form.Item>
        <Form.Item
          name="beneficiaryPersonId"
          label={t('fields.beneficiary')}
          extra={t('form.beneficiaryHint')}
        >
          <PersonSelect
            placeholder={t('form.beneficiaryPlaceholder')}
            currentLabel={
              need?.beneficiary ? `${need.beneficiary.nameMasked} ${need.beneficiary.age ?? ''}` : undefined
            }
          />
        </Form.Item>
        <Space size={12} align="start" style={{ width: '100%' }} wrap>
          <Form.Item
            name="servicePointId"
            label={t('fields.servicePoint')}
            extra={t('form.servicePointHint')}
            style={{ width: 280 }}
          >
            <Select
              allowClear
              showSearch={{ optionFilterProp: 'label' }}
              loading={points.isFetching}
              options={(points.data?.items ?? [])
                .filter((p) => !p.closedOn)
                .map((p) => ({ value: p.id, label: p.name }))}
            />
          </Form.Item>
          <Form.Item
            name="place"
            label={t('fields.place')}
            extra={t('form.placeHint')}
            style={{ width: 280 }}
          >
            <Input maxLength={NEED_LIMITS.placeMax} />
          </Form.Item>
        </Space>
        <Space size={12} align="start" style={{ width: '100%' }} wrap>
          <Form.Item name="window" label={t('fields.window')} rules={selectRequired(t('fields.window'))}>
            <DatePicker.RangePicker
              showTime={{ format: 'HH:mm', minuteStep: 5 }}
              format="YYYY-MM-DD HH:mm"
              style={{ width: 340 }}
            />
          </Form.Item>
          <Form.Item name="headcount" label={t('fields.headcount')} rules={required(t('fields.headcount'))}>
            <InputNumber<number>
              min={1}
              max={NEED_LIMITS.headcountMax}
              precision={0}
              style={{ width: 120 }}
            />
          </Form.Item>
        </Space>
        <Form.Item name="skills" label={t('fields.skills')}>
          <Select
            mode="multiple"
            allowClear
            maxCount={NEED_LIMITS.skillsMax}
            options={VOLUNTEER_SKILLS.map((s) => ({ value: s, label: labels.skill(s) }))}
          />
        </Form.Item>
      </Form>
    </Drawer>
  );
}
