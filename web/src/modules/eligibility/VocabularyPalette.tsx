import {
  App,
  Button,
  Card,
  DatePicker,
  Empty,
  Form,
  Input,
  InputNumber,
  Modal,
  Table,
  Tabs,
  Tag,
  Tooltip,
  Typography,
} from 'antd';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { yuanToFen } from '../../../../contracts/money.ts';
import { useAuth } from '../../app/auth.tsx';
import { fromDay, toDay, todayInShanghai } from '../../app/format.ts';
import { FormErrors, useFormErrors } from '../../app/forms.tsx';
import { QueryError } from '../../app/StatusPages.tsx';
import { useLang, YuanInput, yuanRules } from '../funds/money.tsx';
import { type FactView, type ParamView, useAddParamValue, useVocabulary } from './api.ts';
import { isMoneyUnit, paramValueOn, useParamValueText } from './labels.tsx';

/** Keywords of the rule language worth a click, with what they mean. */
const KEYWORDS: { text: string; hint: string; kinds?: ('benefit' | 'alert')[] }[] = [
  { text: '如果', hint: 'if' },
  { text: '则', hint: 'thenWord' },
  { text: '否则如果', hint: 'elif' },
  { text: '否则', hint: 'else' },
  { text: '且', hint: 'and' },
  { text: '或', hint: 'or' },
  { text: '非', hint: 'not' },
  { text: '属于', hint: 'in' },
  { text: '不属于', hint: 'notIn' },
  { text: '在', hint: 'at' },
  { text: '以上', hint: 'above' },
  { text: '以下', hint: 'below' },
  { text: '满', hint: 'reach' },
  { text: '不满', hint: 'under' },
  { text: '超过', hint: 'over' },
  { text: '低于', hint: 'less' },
  { text: '为', hint: 'is' },
  { text: '介于', hint: 'between' },
  { text: '之间', hint: 'within' },
  { text: '较小值', hint: 'min' },
  { text: '较大值', hint: 'max' },
  { text: '发放', hint: 'pay', kinds: ['benefit'] },
  { text: '每月', hint: 'monthly', kinds: ['benefit'] },
  { text: '每年', hint: 'yearly', kinds: ['benefit'] },
  { text: '一次性', hint: 'once', kinds: ['benefit'] },
  { text: '符合', hint: 'eligible', kinds: ['benefit'] },
  { text: '不符合', hint: 'ineligible', kinds: ['benefit'] },
  { text: '红色预警', hint: 'red', kinds: ['alert'] },
  { text: '黄色预警', hint: 'yellow', kinds: ['alert'] },
  { text: '依据', hint: 'source' },
];

const itemStyle: React.CSSProperties = {
  padding: '6px 4px',
  borderBottom: '1px solid #f5f5f5',
};

function matches(q: string, ...texts: (string | null | undefined)[]): boolean {
  if (!q) return true;
  const needle = q.toLowerCase();
  return texts.some((s) => s?.toLowerCase().includes(needle));
}

/** A clickable word of the palette: inserts its Chinese spelling, which is what the rule language reads. */
function Word({
  text,
  onInsert,
  strong,
}: {
  text: string;
  onInsert: (text: string) => void;
  strong?: boolean;
}) {
  return (
    <Button
      size="small"
      type={strong ? 'link' : 'text'}
      style={{ paddingInline: strong ? 0 : 4, height: 'auto', fontWeight: strong ? 600 : undefined }}
      onMouseDown={(e) => e.preventDefault()}
      onClick={() => onInsert(text)}
    >
      {text}
    </Button>
  );
}

function FactItem({ fact, onInsert }: { fact: FactView; onInsert: (text: string) => void }) {
  const { t } = useTranslation('eligibility');
  const lang = useLang();
  return (
    <div style={itemStyle}>
      <Tooltip
        title={t('palette.source', { source: lang === 'en' ? fact.sourceEn : fact.sourceZh })}
        placement="left"
      >
        <span>
          <Word text={fact.zh} onInsert={onInsert} strong />
        </span>
      </Tooltip>
      <Tag style={{ marginInlineStart: 6 }}>
        {t(`palette.types.${fact.type}`, { defaultValue: fact.type })}
        {fact.unit ? ` · ${t(`palette.units.${fact.unit}`, { defaultValue: fact.unit })}` : ''}
      </Tag>
      {lang === 'en' && (
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          {fact.en}
        </Typography.Text>
      )}
      {fact.values.length > 0 && (
        <div style={{ display: 'flex', flexWrap: 'wrap', gap: 2, marginTop: 2 }}>
          {fact.values.map((v) => (
            <Tooltip key={v.code} title={lang === 'en' ? v.en : undefined}>
              <span>
                <Word text={v.zh} onInsert={onInsert} />
              </span>
            </Tooltip>
          ))}
        </div>
      )}
    </div>
  );
}

function ParamItem({
  param,
  asOf,
  onInsert,
  onAdjust,
}: {
  param: ParamView;
  asOf: string;
  onInsert: (text: string) => void;
  onAdjust?: () => void;
}) {
  const { t } = useTranslation('eligibility');
  const lang = useLang();
  const valueText = useParamValueText();
  const current = paramValueOn(param, asOf);
  return (
    <div style={itemStyle}>
      <Tooltip
        title={param.source ? t('palette.source', { source: param.source }) : undefined}
        placement="left"
      >
        <span>
          <Word text={param.nameZh} onInsert={onInsert} strong />
        </span>
      </Tooltip>
      {onAdjust && (
        <Button
          size="small"
          type="link"
          style={{ float: 'right', height: 'auto', padding: 0 }}
          onClick={onAdjust}
        >
          {t('palette.adjust')}
        </Button>
      )}
      <div style={{ fontSize: 12, paddingLeft: 0 }}>
        {lang === 'en' && (
          <Typography.Text type="secondary" style={{ fontSize: 12, marginInlineEnd: 6 }}>
            {param.nameEn}
          </Typography.Text>
        )}
        {current ? (
          <>
            <Typography.Text style={{ fontSize: 12 }}>
              {t('palette.current', { value: valueText(param.unit, current.value) })}
            </Typography.Text>
            <Typography.Text type="secondary" style={{ fontSize: 12, marginInlineStart: 6 }}>
              {t('palette.since', { date: current.validFrom })}
            </Typography.Text>
          </>
        ) : (
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {t('palette.noValue')}
          </Typography.Text>
        )}
      </div>
    </div>
  );
}

interface ParamValues {
  validFrom: string;
  yuan?: string;
  value?: number;
  note?: string;
}

/** A new dated value for a parameter: every rule using it follows from that date. */
function ParamValueModal({ param, onClose }: { param: ParamView; onClose: () => void }) {
  const { t } = useTranslation('eligibility');
  const lang = useLang();
  const { message } = App.useApp();
  const valueText = useParamValueText();
  const [form] = Form.useForm<ParamValues>();
  const errors = useFormErrors(form, ['validFrom', 'value', 'note']);
  const add = useAddParamValue(param.code);
  const money = isMoneyUnit(param.unit);
  const name = lang === 'en' ? param.nameEn : param.nameZh;
  return (
    <Modal
      open
      title={t('param.title', { name })}
      okText={t('param.ok')}
      cancelText={t('common:actions.cancel')}
      okButtonProps={{ loading: add.isPending, autoInsertSpace: false }}
      onCancel={onClose}
      onOk={() => form.submit()}
      destroyOnHidden
    >
      <Typography.Text type="secondary">{t('param.history')}</Typography.Text>
      <Table
        size="small"
        rowKey="validFrom"
        pagination={false}
        style={{ margin: '4px 0 16px' }}
        dataSource={[...param.values].sort((a, b) => b.validFrom.localeCompare(a.validFrom))}
        columns={[
          { title: t('param.validFrom'), dataIndex: 'validFrom', width: 140 },
          {
            title: t('param.value'),
            dataIndex: 'value',
            render: (v: number) => valueText(param.unit, v),
          },
        ]}
      />
      <FormErrors messages={errors.messages} />
      <Form<ParamValues>
        form={form}
        layout="vertical"
        initialValues={{ validFrom: todayInShanghai() }}
        onFinish={(v) =>
          add.mutate(
            {
              validFrom: v.validFrom,
              value: money ? (yuanToFen(v.yuan ?? '') ?? 0) : (v.value ?? 0),
              note: v.note?.trim() || undefined,
            },
            {
              onSuccess: () => {
                message.success(t('param.saved', { name }));
                onClose();
              },
              onError: errors.report,
            },
          )
        }
      >
        <Form.Item
          name="validFrom"
          label={t('param.validFrom')}
          getValueProps={(v: string | undefined) => ({ value: toDay(v) })}
          normalize={(d) => fromDay(d)}
          rules={[
            { required: true, message: t('common:form.selectRequired', { field: t('param.validFrom') }) },
          ]}
        >
          <DatePicker style={{ width: 180 }} />
        </Form.Item>
        {money ? (
          <Form.Item name="yuan" label={t('param.value')} rules={yuanRules(t, t('param.value'), 0)}>
            <YuanInput style={{ width: 180 }} />
          </Form.Item>
        ) : (
          <Form.Item
            name="value"
            label={t('param.value')}
            rules={[{ required: true, type: 'integer', min: 0, message: t('param.invalid') }]}
          >
            <InputNumber<number> min={0} precision={0} style={{ width: 180 }} />
          </Form.Item>
        )}
        <Form.Item name="note" label={t('param.note')}>
          <Input maxLength={500} />
        </Form.Item>
      </Form>
    </Modal>
  );
}

/**
 * The words a rule may use: facts with their types and values, parameters with their value on
 * the draft's date, and keywords. A click puts the word at the editor's cursor.
 */
export function VocabularyPalette({
  kind,
  asOf,
  height,
  onInsert,
}: {
  kind: 'benefit' | 'alert';
  asOf: string;
  height: number;
  onInsert: (text: string) => void;
}) {
  const { t } = useTranslation('eligibility');
  const { can } = useAuth();
  const query = useVocabulary();
  const [q, setQ] = useState('');
  const [tab, setTab] = useState('facts');
  const [adjusting, setAdjusting] = useState<ParamView | null>(null);
  const needle = q.trim();
  const facts = useMemo(
    () =>
      (query.data?.facts ?? []).filter((f) =>
        matches(needle, f.zh, f.en, f.code, ...f.values.flatMap((v) => [v.zh, v.en])),
      ),
    [query.data, needle],
  );
  const params = useMemo(
    () => (query.data?.params ?? []).filter((p) => matches(needle, p.nameZh, p.nameEn, p.code)),
    [query.data, needle],
  );
  const keywords = KEYWORDS.filter((k) => !k.kinds || k.kinds.includes(kind));
  const listStyle: React.CSSProperties = { height: height - 118, overflow: 'auto', paddingRight: 4 };
  const empty = <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('palette.empty')} />;
  // A parameter's new value changes every rule that reads it, so only rule writers set one.
  const adjust = can('programme.write') ? setAdjusting : undefined;
  return (
    <Card
      size="small"
      title={t('palette.title')}
      extra={
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          {t('palette.hint')}
        </Typography.Text>
      }
      styles={{ body: { padding: '8px 12px' } }}
      style={{ height }}
    >
      {query.error && <QueryError error={query.error} onRetry={() => void query.refetch()} />}
      <Input.Search
        size="small"
        allowClear
        placeholder={t('palette.search')}
        aria-label={t('palette.search')}
        onChange={(e) => setQ(e.target.value)}
      />
      <Tabs
        size="small"
        activeKey={tab}
        onChange={setTab}
        items={[
          {
            key: 'facts',
            label: `${t('palette.facts')} ${facts.length}`,
            children: (
              <div style={listStyle}>
                {facts.length === 0 && !query.isLoading
                  ? empty
                  : facts.map((f) => <FactItem key={f.code} fact={f} onInsert={onInsert} />)}
              </div>
            ),
          },
          {
            key: 'params',
            label: `${t('palette.params')} ${params.length}`,
            children: (
              <div style={listStyle}>
                {params.length === 0 && !query.isLoading
                  ? empty
                  : params.map((p) => (
                      <ParamItem
                        key={p.code}
                        param={p}
                        asOf={asOf}
                        onInsert={onInsert}
                        onAdjust={adjust && (() => adjust(p))}
                      />
                    ))}
              </div>
            ),
          },
          {
            key: 'keywords',
            label: t('palette.keywords'),
            children: (
              <div style={listStyle}>
                {keywords.map((k) => (
                  <div key={k.text} style={{ ...itemStyle, display: 'flex', alignItems: 'baseline', gap: 8 }}>
                    <Word text={k.text} onInsert={onInsert} strong />
                    <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                      {t(`palette.keywordHints.${k.hint}`)}
                    </Typography.Text>
                  </div>
                ))}
              </div>
            ),
          },
        ]}
      />
      {adjusting && <ParamValueModal param={adjusting} onClose={() => setAdjusting(null)} />}
    </Card>
  );
}
