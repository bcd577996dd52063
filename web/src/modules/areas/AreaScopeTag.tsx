import { Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import { useAreaFilter } from '../../app/area-filter.ts';
import { useAreaIndex } from './api.ts';

/** Shows which unit of the side tree filters the list, with a cross to widen it again. */
export function AreaScopeTag() {
  const { t } = useTranslation();
  const { area, setArea } = useAreaFilter();
  const { index } = useAreaIndex();
  if (!area) return <Tag variant="filled">{t('areaPicker.all')}</Tag>;
  const entry = index.get(area);
  const name = entry ? [...entry.path.slice(1), entry.node].map((n) => n.name).join(' / ') : area;
  return (
    <Tag color="red" closable onClose={() => setArea(undefined)} aria-label={t('areaPicker.clear')}>
      {name}
    </Tag>
  );
}
