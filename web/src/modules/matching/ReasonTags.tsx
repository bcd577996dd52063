import { Space, Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import type { MatchReason } from '../../../../contracts/api/matching.ts';

/** A candidate's reasons as tags: green for what speaks for them, plain for what costs. */
export function ReasonTags({ reasons }: { reasons: MatchReason[] }) {
  const { i18n } = useTranslation();
  const lang = i18n.language === 'en' ? 'en' : 'zh-CN';
  return (
    <Space size={[4, 4]} wrap>
      {reasons.map((r) => (
        <Tag
          key={`${r.code}:${JSON.stringify(r.params)}`}
          color={r.tone === 'good' ? 'green' : undefined}
          style={{ marginInlineEnd: 0 }}
        >
          {r.text[lang]}
        </Tag>
      ))}
    </Space>
  );
}
