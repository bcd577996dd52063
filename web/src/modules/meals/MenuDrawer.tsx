import { EditOutlined } from '@ant-design/icons';
import { App, Button, Drawer, Form, Input, Select, Space, Switch, Table, type TableColumnsType } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { MEAL_SITTINGS, type MealMenuItem, type MealSitting } from '../../../../contracts/api/meals.ts';
import { fenToYuan, yuanToFen } from '../../../../contracts/money.ts';
import { FormErrors, useFormErrors } from '../../app/forms.tsx';
import { QueryError } from '../../app/StatusPages.tsx';
import { Money, YuanInput, yuanRules } from '../funds/money.tsx';
import { type Canteens, useAddMenuItem, useMenu, useUpdateMenuItem } from './api.ts';

interface Values {
  name: string;
  sitting: MealSitting;
  priceYuan: string;
}

/** The canteen's dishes and prices, kept by its own staff; a withdrawn dish stays in old sales. */
export function MenuDrawer({
  canteen,
  onClose,
}: {
  canteen: Canteens['items'][number];
  onClose: () => void;
}) {
  const { t } = useTranslation('meals');
  const { message } = App.useApp();
  const menu = useMenu(canteen.id);
  const add = useAddMenuItem(canteen.id);
  const update = useUpdateMenuItem(canteen.id);
  const [editing, setEditing] = useState<MealMenuItem | null>(null);
  const [form] = Form.useForm<Values>();
  const errors = useFormErrors(form, ['name', 'sitting', 'priceFen']);

  const submit = (v: Values) => {
    const body = { name: v.name.trim(), sitting: v.sitting, priceFen: yuanToFen(v.priceYuan) ?? 0 };
    const done = () => {
      message.success(editing ? t('menu.saved') : t('menu.added'));
      setEditing(null);
      form.resetFields(['name', 'priceYuan']);
    };
    if (editing) update.mutate({ id: editing.id, ...body }, { onSuccess: done, onError: errors.report });
    else add.mutate(body, { onSuccess: done, onError: errors.report });
  };
  const edit = (m: MealMenuItem) => {
    setEditing(m);
    form.setFieldsValue({ name: m.name, sitting: m.sitting, priceYuan: fenToYuan(m.priceFen) });
  };

  const columns: TableColumnsType<MealMenuItem> = [
    {
      title: t('menu.name'),
      dataIndex: 'name',
      render: (n: string, m) => <span className={m.active ? undefined : 'ms-ended'}>{n}</span>,
    },
    {
      title: t('menu.sitting'),
      dataIndex: 'sitting',
      width: 80,
      render: (s: MealSitting) => t(`sittings.${s}`),
    },
    {
      title: t('menu.price'),
      dataIndex: 'priceFen',
      width: 100,
      align: 'right',
      render: (v: number) => <Money value={v} strong />,
    },
    {
      title: t('menu.active'),
      dataIndex: 'active',
      width: 80,
      render: (active: boolean, m) => (
        <Switch
          size="small"
          checked={active}
          aria-label={t('menu.active')}
          onChange={(checked) =>
            update.mutate({ id: m.id, active: checked }, { onError: (e) => message.error(e.message) })
          }
        />
      ),
    },
    {
      title: '',
      key: 'edit',
      width: 70,
      render: (_: unknown, m) => (
        <Button size="small" type="link" icon={<EditOutlined />} onClick={() => edit(m)}>
          {t('common:actions.edit')}
        </Button>
      ),
    },
  ];

  return (
    <Drawer open size={720} title={t('menu.title', { name: canteen.name })} onClose={onClose} destroyOnHidden>
      <FormErrors messages={errors.messages} />
      <Form<Values>
        form={form}
        layout="inline"
        onFinish={submit}
        initialValues={{ sitting: 'lunch' }}
        style={{ rowGap: 8, marginBottom: 16 }}
      >
        <Form.Item
          name="name"
          label={t('menu.name')}
          rules={[
            {
              required: true,
              whitespace: true,
              message: t('common:form.required', { field: t('menu.name') }),
            },
          ]}
        >
          <Input maxLength={40} style={{ width: 160 }} />
        </Form.Item>
        <Form.Item name="sitting" label={t('menu.sitting')}>
          <Select
            style={{ width: 90 }}
            options={MEAL_SITTINGS.map((s) => ({ value: s, label: t(`sittings.${s}`) }))}
          />
        </Form.Item>
        <Form.Item name="priceYuan" label={t('menu.price')} rules={yuanRules(t, t('menu.price'))}>
          <YuanInput style={{ width: 110 }} />
        </Form.Item>
        <Form.Item>
          <Space>
            <Button type="primary" htmlType="submit" loading={add.isPending || update.isPending}>
              {editing ? t('menu.save') : t('menu.add')}
            </Button>
            {editing && (
              <Button
                onClick={() => {
                  setEditing(null);
                  form.resetFields();
                }}
              >
                {t('common:actions.cancel')}
              </Button>
            )}
          </Space>
        </Form.Item>
      </Form>
      {menu.error && <QueryError error={menu.error} onRetry={() => void menu.refetch()} />}
      <Table<MealMenuItem>
        rowKey="id"
        size="small"
        columns={columns}
        dataSource={menu.data?.items}
        loading={menu.isFetching}
        pagination={false}
        locale={{ emptyText: t('menu.empty') }}
      />
    </Drawer>
  );
}
