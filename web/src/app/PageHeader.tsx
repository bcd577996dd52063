import { Flex, Typography } from 'antd';
import type { ReactNode } from 'react';

/** A page's title row: title (and optional note) on the left, actions on the right. */
export function PageHeader({
  title,
  note,
  extra,
}: {
  title: ReactNode;
  note?: ReactNode;
  extra?: ReactNode;
}) {
  return (
    <Flex align="center" justify="space-between" gap={12} wrap style={{ marginBottom: 12 }}>
      <Flex align="baseline" gap={12} style={{ minWidth: 0 }}>
        <Typography.Title level={4} style={{ margin: 0 }}>
          {title}
        </Typography.Title>
        {note}
      </Flex>
      {extra}
    </Flex>
  );
}
