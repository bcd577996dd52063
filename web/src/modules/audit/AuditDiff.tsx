import { Col, Row, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { AuditEntry } from './api.ts';

function Json({ value }: { value: unknown }) {
  const { t } = useTranslation('audit');
  if (value === null || value === undefined)
    return <Typography.Text type="secondary">{t('empty')}</Typography.Text>;
  return (
    <pre
      className="ms-mono"
      style={{
        margin: 0,
        fontSize: 12,
        whiteSpace: 'pre-wrap',
        wordBreak: 'break-all',
        maxHeight: 320,
        overflow: 'auto',
      }}
    >
      {JSON.stringify(value, null, 2)}
    </pre>
  );
}

/** The entry's before and after states side by side. */
export function AuditDiff({ entry }: { entry: AuditEntry }) {
  const { t } = useTranslation('audit');
  return (
    <Row gutter={16}>
      <Col span={12}>
        <Typography.Text strong style={{ display: 'block', marginBottom: 4 }}>
          {t('before')}
        </Typography.Text>
        <Json value={entry.before} />
      </Col>
      <Col span={12}>
        <Typography.Text strong style={{ display: 'block', marginBottom: 4 }}>
          {t('after')}
        </Typography.Text>
        <Json value={entry.after} />
      </Col>
    </Row>
  );
}
