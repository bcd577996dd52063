import {
  CheckOutlined,
  IdcardOutlined,
  PoweroffOutlined,
  ShopOutlined,
  UnorderedListOutlined,
} from '@ant-design/icons';
import {
  Alert,
  App,
  Button,
  Card,
  Col,
  Empty,
  Flex,
  Form,
  Input,
  type InputRef,
  Modal,
  Popconfirm,
  Radio,
  Result,
  Row,
  Space,
  Table,
  type TableColumnsType,
  Tag,
  Typography,
} from 'antd';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import {
  MEAL_SITTINGS,
  type MealMenuItem,
  type MealPreview,
  type MealSale,
  type MealSitting,
  type Till,
  type TillTotals,
} from '../../../../contracts/api/meals.ts';
import { FormModal, useFieldRules } from '../../app/FormDialog.tsx';
import { formatDateTime } from '../../app/format.ts';
import { PageHeader } from '../../app/PageHeader.tsx';
import { PageSpinner } from '../../app/PageSpinner.tsx';
import { QueryError } from '../../app/StatusPages.tsx';
import { useUrlState } from '../../app/url-state.ts';
import { formatMoney, Money, MoneyStat, useLang } from '../funds/money.tsx';
import {
  type Canteens,
  type Identify,
  useCanteens,
  useCloseTill,
  useMenu,
  useOpenTill,
  usePreview,
  useSell,
  useTill,
  useVoidSale,
} from './api.ts';
import { MenuDrawer } from './MenuDrawer.tsx';

type Canteen = Canteens['items'][number];
const URL_KEYS = ['canteen'] as const;
/** `?canteen=choose` shows the chooser even while a till is open elsewhere. */
const CHOOSE = 'choose';

/** A resident ID number has 17 digits and a check character; anything else is taken as a card. */
export function identify(text: string): Identify {
  const s = text.trim().toUpperCase();
  return /^\d{17}[\dX]$/.test(s) ? { idNumber: s } : { cardNo: text.trim() };
}

/** The sitting the clock suggests: breakfast until 10:00, lunch until 15:00, then dinner. */
function sittingNow(): MealSitting {
  const h = new Date().getHours();
  return h < 10 ? 'breakfast' : h < 15 ? 'lunch' : 'dinner';
}

function TotalsReport({ totals }: { totals: TillTotals }) {
  const { t } = useTranslation('meals');
  return (
    <Row gutter={[16, 16]}>
      <Col span={8}>
        <MoneyStat title={t('z.price')} value={totals.priceFen} />
      </Col>
      <Col span={8}>
        <MoneyStat title={t('z.subsidy')} value={totals.subsidyFen} tone="good" />
      </Col>
      <Col span={8}>
        <MoneyStat title={t('z.paid')} value={totals.paidFen} />
      </Col>
      <Col span={24}>
        <Typography.Text>
          {t('z.counts', {
            meals: totals.meals,
            subsidised: totals.subsidised,
            fullPrice: totals.fullPrice,
            voided: totals.voided,
          })}
        </Typography.Text>
      </Col>
    </Row>
  );
}

/** The till's closing report (Z report): what was sold, subsidised and taken in the sitting. */
function ZReport({ till, canteen, onClose }: { till: Till; canteen: string; onClose: () => void }) {
  const { t } = useTranslation('meals');
  return (
    <Modal
      open
      width={640}
      title={t('z.title', { day: till.day, sitting: t(`sittings.${till.sitting}`) })}
      onCancel={onClose}
      footer={
        <Button type="primary" onClick={onClose}>
          {t('common:actions.confirm')}
        </Button>
      }
    >
      <Result status="success" title={t('z.closed', { name: canteen })} style={{ padding: '8px 0' }} />
      <TotalsReport totals={till.totals} />
    </Modal>
  );
}

/** Choosing the canteen and the sitting, and opening the till. */
function OpenTill({
  canteens,
  canteen,
  onChoose,
}: {
  canteens: Canteen[];
  canteen?: Canteen;
  onChoose: (id: string) => void;
}) {
  const { t } = useTranslation('meals');
  const { message } = App.useApp();
  const [sitting, setSitting] = useState<MealSitting>(sittingNow);
  const open = useOpenTill();
  return (
    <Card style={{ maxWidth: 720 }}>
      <Typography.Title level={5} style={{ marginTop: 0 }}>
        {t('till.chooseCanteen')}
      </Typography.Title>
      <Radio.Group
        value={canteen?.id}
        onChange={(e) => onChoose(e.target.value)}
        style={{ display: 'flex', flexDirection: 'column', gap: 8, marginBottom: 20 }}
      >
        {canteens.map((c) => (
          <Radio key={c.id} value={c.id} style={{ fontSize: 16 }}>
            {c.name}
            <Typography.Text type="secondary" style={{ marginInlineStart: 8, fontSize: 13 }}>
              {c.areaName}
              {c.orgName ? ` · ${c.orgName}` : ''}
            </Typography.Text>
          </Radio>
        ))}
      </Radio.Group>
      <Typography.Title level={5}>{t('till.chooseSitting')}</Typography.Title>
      <Radio.Group
        value={sitting}
        onChange={(e) => setSitting(e.target.value)}
        optionType="button"
        buttonStyle="solid"
        size="large"
        options={MEAL_SITTINGS.map((s) => ({ value: s, label: t(`sittings.${s}`) }))}
        style={{ marginBottom: 20 }}
      />
      {open.error && <QueryError error={open.error} />}
      <div>
        <Button
          type="primary"
          size="large"
          icon={<ShopOutlined />}
          disabled={!canteen}
          loading={open.isPending}
          onClick={() =>
            canteen &&
            open.mutate(
              { canteenId: canteen.id, sitting },
              { onSuccess: () => message.success(t('till.opened', { sitting: t(`sittings.${sitting}`) })) },
            )
          }
        >
          {t('till.open')}
        </Button>
      </div>
    </Card>
  );
}

function VoidModal({ sale, tillId, onClose }: { sale: MealSale; tillId: string; onClose: () => void }) {
  const { t } = useTranslation('meals');
  const rules = useFieldRules();
  const voidSale = useVoidSale(tillId);
  return (
    <FormModal<{ reason: string }>
      title={t('sales.voidTitle', { name: sale.elderName, item: sale.itemName })}
      okText={t('sales.void')}
      okButtonProps={{ danger: true }}
      fields={['reason']}
      intro={<Typography.Paragraph type="secondary">{t('sales.voidNote')}</Typography.Paragraph>}
      onSubmit={(v) => voidSale.mutateAsync({ id: sale.id, reason: v.reason.trim() })}
      success={() => t('sales.voided')}
      onClose={onClose}
    >
      <Form.Item name="reason" label={t('sales.reason')} rules={rules.text(t('sales.reason'))}>
        <Input maxLength={200} autoFocus />
      </Form.Item>
    </FormModal>
  );
}

function SalesList({ tillId, sales, canVoid }: { tillId: string; sales: MealSale[]; canVoid: boolean }) {
  const { t } = useTranslation('meals');
  const [voiding, setVoiding] = useState<MealSale | null>(null);
  const columns: TableColumnsType<MealSale> = [
    {
      title: t('sales.at'),
      dataIndex: 'at',
      width: 60,
      render: (at: string) => formatDateTime(at).slice(11, 16),
    },
    {
      title: t('sales.elder'),
      dataIndex: 'elderName',
      render: (name: string, s) => (
        <span className={s.voided ? 'ms-ended' : undefined}>
          {name}
          <Typography.Text type="secondary" style={{ display: 'block', fontSize: 12 }}>
            {s.itemName}
            {s.voided && ` · ${t('sales.voidedTag')}`}
          </Typography.Text>
        </span>
      ),
    },
    {
      title: t('sales.subsidy'),
      dataIndex: 'subsidyFen',
      width: 90,
      align: 'right',
      render: (v: number, s) => (
        <Money value={v} style={s.voided ? { textDecoration: 'line-through' } : undefined} />
      ),
    },
    {
      title: t('sales.paid'),
      dataIndex: 'paidFen',
      width: 90,
      align: 'right',
      render: (v: number, s) => (
        <Money value={v} strong style={s.voided ? { textDecoration: 'line-through' } : undefined} />
      ),
    },
    ...(canVoid
      ? [
          {
            title: '',
            key: 'void',
            width: 56,
            render: (_: unknown, s: MealSale) =>
              s.voided ? null : (
                <Button size="small" type="link" danger style={{ padding: 0 }} onClick={() => setVoiding(s)}>
                  {t('sales.void')}
                </Button>
              ),
          },
        ]
      : []),
  ];
  return (
    <>
      <Table<MealSale>
        rowKey="id"
        size="small"
        columns={columns}
        dataSource={sales}
        pagination={{ pageSize: 8, showSizeChanger: false, hideOnSinglePage: true }}
        locale={{ emptyText: t('sales.empty') }}
      />
      {voiding && <VoidModal sale={voiding} tillId={tillId} onClose={() => setVoiding(null)} />}
    </>
  );
}

function ElderPanel({ preview }: { preview: MealPreview }) {
  const { t } = useTranslation('meals');
  const e = preview.elder;
  return (
    <Flex align="center" gap={16} wrap style={{ marginBottom: 12 }}>
      <Typography.Title level={2} style={{ margin: 0 }}>
        {e.name}
      </Typography.Title>
      <Typography.Text className="ms-mono" style={{ fontSize: 16 }}>
        {e.idMasked}
      </Typography.Text>
      <Typography.Text style={{ fontSize: 18 }}>{t('till.age', { age: e.age })}</Typography.Text>
      {e.category && <Tag color="orange">{t(`residents:lowIncome.${e.category}`)}</Tag>}
      {preview.eligible ? (
        <Tag color="green" style={{ fontSize: 14, padding: '2px 8px' }}>
          {t('till.eligible', { percent: preview.rule ? preview.rule.payPermille / 10 : 100 })}
        </Tag>
      ) : (
        <Tag style={{ fontSize: 14, padding: '2px 8px' }}>{t('till.notEligible')}</Tag>
      )}
      <Typography.Text type={preview.limitReached ? 'danger' : 'secondary'}>
        {t('till.countThisSitting', { used: preview.subsidisedThisSitting, limit: preview.limit })}
      </Typography.Text>
    </Flex>
  );
}

/** The cashier's screen: identify the elder, choose the dish, see the split, take the money. */
function Register({ till, menu }: { till: Till; menu: MealMenuItem[] }) {
  const { t } = useTranslation('meals');
  const lang = useLang();
  const { message } = App.useApp();
  const inputRef = useRef<InputRef>(null);
  const [text, setText] = useState('');
  const [who, setWho] = useState<Identify | null>(null);
  const [elder, setElder] = useState<MealPreview | null>(null);
  const [choice, setChoice] = useState<MealPreview | null>(null);
  const [last, setLast] = useState<MealSale | null>(null);
  const lookup = usePreview(till.id);
  const price = usePreview(till.id);
  const sell = useSell(till.id);
  const items = menu.filter((m) => m.active && m.sitting === till.sitting);
  useEffect(() => inputRef.current?.focus(), []);

  const reset = () => {
    setText('');
    setWho(null);
    setElder(null);
    setChoice(null);
    lookup.reset();
    price.reset();
    sell.reset();
    inputRef.current?.focus();
  };
  const find = () => {
    if (!text.trim()) return;
    const ident = identify(text);
    setWho(ident);
    setElder(null);
    setChoice(null);
    setLast(null);
    price.reset();
    sell.reset();
    lookup.mutate(ident, { onSuccess: setElder });
  };
  const choose = (item: MealMenuItem) => {
    if (!who) return;
    sell.reset();
    price.mutate({ ...who, menuItemId: item.id }, { onSuccess: setChoice });
  };
  const subsidised = !!choice && choice.eligible && !choice.limitReached;
  const doSell = () => {
    if (!who || !choice?.item) return;
    sell.mutate(
      { ...who, menuItemId: choice.item.id, fullPrice: subsidised ? undefined : true },
      {
        onSuccess: (sale) => {
          message.success(
            t('till.sold', { name: sale.elderName, paid: formatMoney(sale.paidFen, 'fen', lang) }),
          );
          setLast(sale);
          reset();
        },
      },
    );
  };

  return (
    <Card size="small">
      <Input
        ref={inputRef}
        size="large"
        value={text}
        onChange={(e) => setText(e.target.value)}
        onPressEnter={find}
        prefix={<IdcardOutlined />}
        placeholder={t('till.identify')}
        aria-label={t('till.identify')}
        allowClear
        maxLength={32}
        className="ms-mono"
        style={{ fontSize: 24, marginBottom: 12 }}
        suffix={
          <Button type="primary" loading={lookup.isPending} onClick={find}>
            {t('till.find')}
          </Button>
        }
      />
      {lookup.error && (
        <Alert type="error" showIcon title={lookup.error.message} style={{ marginBottom: 12 }} />
      )}
      {last && !elder && (
        <Alert
          type="success"
          showIcon
          style={{ marginBottom: 12 }}
          title={t('till.lastSale', {
            name: last.elderName,
            item: last.itemName,
            paid: formatMoney(last.paidFen, 'fen', lang),
            subsidy: formatMoney(last.subsidyFen, 'fen', lang),
          })}
        />
      )}
      {elder && <ElderPanel preview={elder} />}
      {elder && (
        <>
          <Typography.Text type="secondary">{t('till.chooseItem')}</Typography.Text>
          <Flex gap={8} wrap style={{ margin: '8px 0 12px' }}>
            {items.length === 0 && <Typography.Text type="warning">{t('till.noMenu')}</Typography.Text>}
            {items.map((m) => (
              <Button
                key={m.id}
                size="large"
                type={choice?.item?.id === m.id ? 'primary' : 'default'}
                loading={price.isPending && price.variables?.menuItemId === m.id}
                onClick={() => choose(m)}
                style={{
                  height: 64,
                  minWidth: 140,
                  fontSize: 18,
                  display: 'flex',
                  flexDirection: 'column',
                  gap: 0,
                }}
              >
                <span>{m.name}</span>
                <span style={{ fontSize: 14, opacity: 0.8 }}>{formatMoney(m.priceFen, 'fen', lang)}</span>
              </Button>
            ))}
          </Flex>
        </>
      )}
      {price.error && (
        <Alert type="error" showIcon title={price.error.message} style={{ marginBottom: 12 }} />
      )}
      {choice?.item && choice.priceFen !== null && (
        <Card size="small" style={{ background: '#fafafa', marginBottom: 12 }}>
          <Row gutter={16} align="middle">
            <Col span={6}>
              <MoneyStat title={t('till.price')} value={choice.priceFen} />
            </Col>
            <Col span={6}>
              <MoneyStat
                title={t('till.subsidy')}
                value={subsidised ? (choice.subsidyFen ?? 0) : 0}
                tone="good"
              />
            </Col>
            <Col span={6}>
              <Typography.Text type="secondary">{t('till.elderPays')}</Typography.Text>
              <div>
                <Money
                  value={subsidised ? (choice.paidFen ?? choice.priceFen) : choice.priceFen}
                  strong
                  size={36}
                  style={{ color: '#c62828' }}
                />
              </div>
            </Col>
            <Col span={6}>
              <Button
                type="primary"
                size="large"
                block
                icon={<CheckOutlined />}
                loading={sell.isPending}
                onClick={doSell}
                style={{ height: 56, fontSize: 20 }}
              >
                {subsidised ? t('till.sell') : t('till.sellFull')}
              </Button>
            </Col>
          </Row>
          {!subsidised && (
            <Typography.Text type="warning" style={{ display: 'block', marginTop: 8 }}>
              {choice.limitReached ? t('till.limitNote', { limit: choice.limit }) : t('till.notEligibleNote')}
            </Typography.Text>
          )}
        </Card>
      )}
      {sell.error && <Alert type="error" showIcon title={sell.error.message} style={{ marginBottom: 12 }} />}
      {elder && (
        <Button onClick={reset} size="large">
          {t('till.next')}
        </Button>
      )}
    </Card>
  );
}

function OpenRegister({
  canteen,
  till,
  onClosed,
}: {
  canteen: Canteen;
  till: Till;
  onClosed: (till: Till) => void;
}) {
  const { t } = useTranslation('meals');
  const detail = useTill(till.id);
  const menu = useMenu(canteen.id);
  const close = useCloseTill(till.id);
  const [editingMenu, setEditingMenu] = useState(false);
  const current = detail.data ?? { ...till, sales: [] };
  const totals = current.totals;
  const lang = useLang();
  return (
    <>
      <Card size="small" style={{ marginBottom: 12 }}>
        <Flex justify="space-between" align="center" wrap gap={8}>
          <Space size={12} wrap>
            <Typography.Text strong style={{ fontSize: 18 }}>
              {canteen.name}
            </Typography.Text>
            <Tag color="red" style={{ fontSize: 14, padding: '2px 10px' }}>
              {current.day} {t(`sittings.${current.sitting}`)}
            </Tag>
            <Typography.Text>
              {t('till.running', {
                meals: totals.meals,
                subsidy: formatMoney(totals.subsidyFen, 'fen', lang),
                paid: formatMoney(totals.paidFen, 'fen', lang),
              })}
            </Typography.Text>
          </Space>
          <Space>
            <Button icon={<UnorderedListOutlined />} onClick={() => setEditingMenu(true)}>
              {t('menu.manage')}
            </Button>
            <Popconfirm
              title={t('till.closeConfirm')}
              description={t('till.closeNote')}
              okText={t('till.close')}
              cancelText={t('common:actions.cancel')}
              onConfirm={() => close.mutate(undefined, { onSuccess: onClosed })}
            >
              <Button danger icon={<PoweroffOutlined />} loading={close.isPending}>
                {t('till.close')}
              </Button>
            </Popconfirm>
          </Space>
        </Flex>
        {!current.isOpen && !current.closedAt && (
          <Alert
            type="warning"
            showIcon
            style={{ marginTop: 8 }}
            title={t('till.stale', { day: current.day })}
          />
        )}
        {close.error && <QueryError error={close.error} />}
      </Card>
      {detail.error && <QueryError error={detail.error} onRetry={() => void detail.refetch()} />}
      <Row gutter={12}>
        <Col span={15}>
          {current.isOpen ? (
            <Register till={current} menu={menu.data?.items ?? []} />
          ) : (
            <Card>
              <Empty description={t('till.notSelling')} />
            </Card>
          )}
        </Col>
        <Col span={9}>
          <Card size="small" title={t('sales.title')}>
            <SalesList tillId={till.id} sales={current.sales} canVoid={current.isOpen} />
          </Card>
        </Col>
      </Row>
      {editingMenu && <MenuDrawer canteen={canteen} onClose={() => setEditingMenu(false)} />}
    </>
  );
}

/** 助餐收银: the canteen till, built for the cashier's counter. */
export default function TillPage() {
  const { t } = useTranslation('meals');
  const { values, update } = useUrlState(URL_KEYS);
  // The Z report outlives the register it closes.
  const [closed, setClosed] = useState<{ till: Till; canteen: string } | null>(null);
  const canteens = useCanteens();
  const items = canteens.data?.items ?? [];
  // Back at the counter, the cashier lands on the till they left open.
  const chosen = values.canteen
    ? items.find((c) => c.id === values.canteen)
    : items.length === 1
      ? items[0]
      : items.find((c) => c.openTill?.isOpen);
  return (
    <>
      <PageHeader title={t('till.title')} />
      {canteens.error && <QueryError error={canteens.error} onRetry={() => void canteens.refetch()} />}
      {canteens.isLoading && <PageSpinner />}
      {canteens.data && items.length === 0 && (
        <Card>
          <Empty description={t('till.noCanteen')} />
        </Card>
      )}
      {items.length > 0 &&
        (chosen?.openTill ? (
          <>
            {items.length > 1 && (
              <Button type="link" style={{ paddingInline: 0 }} onClick={() => update({ canteen: CHOOSE })}>
                {t('till.otherCanteen')}
              </Button>
            )}
            <OpenRegister
              key={chosen.openTill.id}
              canteen={chosen}
              till={chosen.openTill}
              onClosed={(till) => setClosed({ till, canteen: chosen.name })}
            />
          </>
        ) : (
          <OpenTill canteens={items} canteen={chosen} onChoose={(canteen) => update({ canteen })} />
        ))}
      {closed && <ZReport till={closed.till} canteen={closed.canteen} onClose={() => setClosed(null)} />}
    </>
  );
}
