import { Alert, Button, Result } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';

export function Forbidden() {
  const { t } = useTranslation();
  return (
    <Result
      status="403"
      title={t('state.forbiddenTitle')}
      subTitle={t('state.forbidden')}
      extra={
        <Link to="/">
          <Button type="primary">{t('state.home')}</Button>
        </Link>
      }
    />
  );
}

export function NotFound() {
  const { t } = useTranslation();
  return (
    <Result
      status="404"
      title={t('state.notFoundTitle')}
      subTitle={t('state.notFound')}
      extra={
        <Link to="/">
          <Button type="primary">{t('state.home')}</Button>
        </Link>
      }
    />
  );
}

/** A failed query, with the server's translated message and a retry. */
export function QueryError({ error, onRetry }: { error: unknown; onRetry?: () => void }) {
  const { t } = useTranslation();
  const message = error instanceof Error ? error.message : String(error);
  return (
    <Alert
      type="error"
      showIcon
      title={t('state.loadFailed', { message })}
      action={
        onRetry && (
          <Button size="small" onClick={onRetry}>
            {t('actions.retry')}
          </Button>
        )
      }
      style={{ marginBottom: 12 }}
    />
  );
}
