import { Tag, Tooltip } from 'antd';
import { useTranslation } from 'react-i18next';
import type { AreaNode } from './api.ts';

/** A unit's name; streets that were part of Jianggan District before 2021 carry a small, quiet mark. */
export function AreaTitle({ node }: { node: AreaNode }) {
  const { t } = useTranslation();
  return (
    <span style={{ opacity: node.closedOn ? 0.5 : 1 }}>
      {node.name}
      {node.formerJianggan && node.level === 'street' && (
        <Tooltip title={t('areaPicker.formerJiangganHint')}>
          <Tag
            variant="filled"
            style={{
              marginInlineStart: 6,
              fontSize: 11,
              lineHeight: '16px',
              padding: '0 4px',
              color: '#8c8c8c',
            }}
          >
            {t('areaPicker.formerJianggan')}
          </Tag>
        </Tooltip>
      )}
    </span>
  );
}
