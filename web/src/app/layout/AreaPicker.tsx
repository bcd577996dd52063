import { Button, Empty, Input, Spin, Tree, Typography } from 'antd';
import { useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { AreaTitle } from '../../modules/areas/AreaTitle.tsx';
import { type AreaNode, useAreaIndex } from '../../modules/areas/api.ts';
import { allCodes, defaultExpanded, filterTree } from '../../modules/areas/tree-data.ts';
import { useAreaFilter } from '../area-filter.ts';

interface TreeItem {
  key: string;
  title: React.ReactNode;
  children: TreeItem[];
}

function toItems(nodes: AreaNode[]): TreeItem[] {
  return nodes.map((n) => ({ key: n.code, title: <AreaTitle node={n} />, children: toItems(n.children) }));
}

/** The org tree in the side bar: choosing a unit filters the residents, organisations and service points. */
export function AreaPicker() {
  const { t } = useTranslation();
  const { data, index, isLoading } = useAreaIndex();
  const { area, setArea } = useAreaFilter();
  const [search, setSearch] = useState('');
  const [expanded, setExpanded] = useState<string[] | null>(null);

  useEffect(() => {
    if (!data || expanded) return;
    const ancestors = area ? (index.get(area)?.path.map((n) => n.code) ?? []) : [];
    setExpanded([...new Set([...defaultExpanded(data), ...ancestors])]);
  }, [data, index, area, expanded]);

  const filtered = useMemo(() => filterTree(data ?? [], search), [data, search]);
  const items = useMemo(() => toItems(filtered), [filtered]);
  const searching = search.trim() !== '';
  const selectedName = area ? index.get(area)?.node.name : undefined;

  return (
    <div style={{ display: 'flex', flexDirection: 'column', minHeight: 0, flex: 1 }}>
      <div
        style={{
          padding: '8px 12px 4px',
          display: 'flex',
          alignItems: 'center',
          justifyContent: 'space-between',
        }}
      >
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          {t('areaPicker.title')}
        </Typography.Text>
        {area && (
          <Button
            size="small"
            type="link"
            style={{ padding: 0, height: 'auto' }}
            onClick={() => setArea(undefined)}
          >
            {t('areaPicker.all')}
          </Button>
        )}
      </div>
      <div style={{ padding: '0 12px 6px' }}>
        <Input.Search
          size="small"
          allowClear
          placeholder={t('areaPicker.search')}
          aria-label={t('areaPicker.search')}
          onChange={(e) => setSearch(e.target.value)}
        />
      </div>
      {selectedName && (
        <Typography.Text ellipsis style={{ padding: '0 12px 4px', fontSize: 12 }} type="secondary">
          {t('areaPicker.current', { name: selectedName })}
        </Typography.Text>
      )}
      <div style={{ flex: 1, overflow: 'auto', padding: '0 4px 12px' }}>
        {isLoading ? (
          <Spin size="small" style={{ display: 'block', margin: 16 }} />
        ) : items.length === 0 ? (
          <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('areaPicker.empty')} />
        ) : (
          <Tree
            blockNode
            treeData={items}
            selectedKeys={area ? [area] : []}
            expandedKeys={searching ? allCodes(filtered) : (expanded ?? [])}
            onExpand={(keys) => !searching && setExpanded(keys.map(String))}
            onSelect={(keys) => setArea(keys[0] ? String(keys[0]) : undefined)}
          />
        )}
      </div>
    </div>
  );
}
