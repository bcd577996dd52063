import { EditOutlined, PlusOutlined, StopOutlined } from '@ant-design/icons';
import {
  Button,
  Card,
  Checkbox,
  Col,
  Descriptions,
  Empty,
  Input,
  Row,
  Space,
  Spin,
  Table,
  Tag,
  Tree,
  Typography,
} from 'antd';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useAuth } from '../../app/auth.tsx';
import { PageHeader } from '../../app/PageHeader.tsx';
import { QueryError } from '../../app/StatusPages.tsx';
import { useUrlState } from '../../app/url-state.ts';
import { AddChildModal, CHILD_LEVELS, CloseModal, RenameModal } from './AreaActionModals.tsx';
import { AreaTitle } from './AreaTitle.tsx';
import { type AreaNode, indexAreas, useAreaDetail, useAreaTree } from './api.ts';
import { allCodes, defaultExpanded, filterTree } from './tree-data.ts';

const URL_KEYS = ['unit', 'closed'] as const;

type TreeItem = { key: string; title: React.ReactNode; children: TreeItem[] };
const toItems = (nodes: AreaNode[]): TreeItem[] =>
  nodes.map((n) => ({ key: n.code, title: <AreaTitle node={n} />, children: toItems(n.children) }));

function AreaDetails({ node }: { node: AreaNode }) {
  const { t } = useTranslation('areas');
  const { can } = useAuth();
  const detail = useAreaDetail(node.code);
  const { update } = useUrlState(URL_KEYS);
  const [action, setAction] = useState<'add' | 'rename' | 'close' | null>(null);
  const open = !node.closedOn;
  const canManage = can('area.manage') && open;

  return (
    <Card
      size="small"
      title={
        <Space>
          {node.name}
          <Tag>{t(`common:levels.${node.level}`)}</Tag>
        </Space>
      }
      extra={
        canManage && (
          <Space size={4}>
            {CHILD_LEVELS[node.level].length > 0 && (
              <Button size="small" icon={<PlusOutlined />} onClick={() => setAction('add')}>
                {t('addChild')}
              </Button>
            )}
            <Button size="small" icon={<EditOutlined />} onClick={() => setAction('rename')}>
              {t('rename')}
            </Button>
            {node.level !== 'district' && (
              <Button size="small" danger icon={<StopOutlined />} onClick={() => setAction('close')}>
                {t('close')}
              </Button>
            )}
          </Space>
        )
      }
    >
      <Descriptions
        size="small"
        column={2}
        items={[
          { key: 'code', label: t('code'), children: <span className="ms-mono">{node.code}</span> },
          { key: 'level', label: t('level'), children: t(`common:levels.${node.level}`) },
          { key: 'opened', label: t('openedOn'), children: node.openedOn },
          {
            key: 'status',
            label: t('status'),
            children: node.closedOn ? (
              <Tag>
                {t('closed')} {node.closedOn}
              </Tag>
            ) : (
              <Tag color="green">{t('open')}</Tag>
            ),
          },
          {
            key: 'children',
            label: t('children'),
            children: t('childrenCount', { count: node.children.length }),
          },
          ...(node.formerJianggan
            ? [{ key: 'jg', label: t('common:areaPicker.formerJianggan'), children: t('formerJianggan') }]
            : []),
        ]}
      />
      <Typography.Title level={5} style={{ fontSize: 14, marginTop: 12 }}>
        {t('history')}
      </Typography.Title>
      {detail.error && <QueryError error={detail.error} />}
      <Table
        size="small"
        rowKey={(r) => `${r.name}-${r.validFrom}`}
        loading={detail.isLoading}
        pagination={false}
        dataSource={[...(detail.data?.names ?? [])].sort((a, b) => b.validFrom.localeCompare(a.validFrom))}
        columns={[
          {
            title: t('name'),
            dataIndex: 'name',
            render: (name: string, r) => (
              <>
                {name}
                {r.validTo === null && (
                  <Tag color="red" variant="outlined" style={{ marginInlineStart: 8 }}>
                    {t('current')}
                  </Tag>
                )}
              </>
            ),
          },
          { title: t('validFrom'), dataIndex: 'validFrom', width: 130 },
          { title: t('validTo'), dataIndex: 'validTo', width: 130, render: (v: string | null) => v ?? '—' },
        ]}
      />
      {action === 'add' && (
        <AddChildModal
          parent={node}
          onDone={(created) => {
            setAction(null);
            if (created) update({ unit: created.code });
          }}
        />
      )}
      {action === 'rename' && <RenameModal area={node} onDone={() => setAction(null)} />}
      {action === 'close' && <CloseModal area={node} onDone={() => setAction(null)} />}
    </Card>
  );
}

export default function AreasPage() {
  const { t } = useTranslation('areas');
  const { values, update } = useUrlState(URL_KEYS);
  const showClosed = values.closed === '1';
  const tree = useAreaTree(showClosed);
  const index = useMemo(() => indexAreas(tree.data), [tree.data]);
  const [search, setSearch] = useState('');
  const [expanded, setExpanded] = useState<string[] | null>(null);
  const filtered = useMemo(() => filterTree(tree.data ?? [], search), [tree.data, search]);
  const searching = search.trim() !== '';
  const selected = values.unit ? index.get(values.unit)?.node : undefined;
  const expandedKeys = searching ? allCodes(filtered) : (expanded ?? defaultExpanded(tree.data ?? []));

  return (
    <>
      <PageHeader
        title={t('title')}
        note={<Typography.Text type="secondary">{t('intro')}</Typography.Text>}
      />
      {tree.error && <QueryError error={tree.error} onRetry={() => void tree.refetch()} />}
      <Row gutter={12}>
        <Col xs={24} md={10} lg={8}>
          <Card size="small" styles={{ body: { padding: 8 } }}>
            <Space orientation="vertical" style={{ width: '100%', marginBottom: 8 }} size={6}>
              <Input.Search
                allowClear
                size="small"
                placeholder={t('common:areaPicker.search')}
                onChange={(e) => setSearch(e.target.value)}
              />
              <Checkbox
                checked={showClosed}
                onChange={(e) => update({ closed: e.target.checked ? '1' : undefined, unit: values.unit })}
              >
                {t('showClosed')}
              </Checkbox>
            </Space>
            <div style={{ height: 'calc(100vh - 250px)', minHeight: 300, overflow: 'auto' }}>
              {tree.isLoading ? (
                <Spin size="small" />
              ) : (
                <Tree
                  blockNode
                  treeData={toItems(filtered)}
                  selectedKeys={values.unit ? [values.unit] : []}
                  expandedKeys={expandedKeys}
                  onExpand={(keys) => !searching && setExpanded(keys.map(String))}
                  onSelect={(keys) => keys[0] && update({ unit: String(keys[0]), closed: values.closed })}
                />
              )}
            </div>
          </Card>
        </Col>
        <Col xs={24} md={14} lg={16}>
          {selected ? (
            <AreaDetails key={selected.code} node={selected} />
          ) : (
            <Card size="small">
              <Empty description={t('selectHint')} />
            </Card>
          )}
        </Col>
      </Row>
    </>
  );
}
