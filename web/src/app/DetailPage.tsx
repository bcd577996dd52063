import { ArrowLeftOutlined } from '@ant-design/icons';
import { Button } from 'antd';
import type { ReactNode } from 'react';
import { useNavigate } from 'react-router';
import { PageSpinner } from './PageSpinner.tsx';
import { QueryError } from './StatusPages.tsx';

/** Back where the user came from, or to the list when the page was opened directly. */
export function BackButton({ to, children }: { to: string; children: ReactNode }) {
  const navigate = useNavigate();
  return (
    <Button
      type="link"
      icon={<ArrowLeftOutlined />}
      style={{ paddingInline: 0, marginBottom: 4 }}
      onClick={() => (window.history.length > 1 ? navigate(-1) : navigate(to))}
    >
      {children}
    </Button>
  );
}

/**
 * A page about one thing: the way back to its list, the query's error (with retry) or spinner,
 * and the thing itself once loaded.
 */
export function DetailPage<T>({
  back,
  backTo,
  query,
  children,
}: {
  back: ReactNode;
  backTo: string;
  query: { data: T | undefined; error: unknown; isLoading: boolean; refetch: () => unknown };
  children: (data: T) => ReactNode;
}) {
  return (
    <>
      <BackButton to={backTo}>{back}</BackButton>
      {query.error ? <QueryError error={query.error} onRetry={() => void query.refetch()} /> : null}
      {!query.data && query.isLoading && <PageSpinner />}
      {query.data && children(query.data)}
    </>
  );
}
