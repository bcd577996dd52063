import { Table } from 'antd';
import type { CSSProperties, ReactNode } from 'react';

/**
 * A table's totals row: the label under the first column, then one right-aligned figure under
 * each column after it, in the columns' order.
 */
export function TotalsRow({
  label,
  values,
  style,
}: {
  label: ReactNode;
  values: readonly ReactNode[];
  style?: CSSProperties;
}) {
  return (
    <Table.Summary.Row style={style}>
      <Table.Summary.Cell index={0}>{label}</Table.Summary.Cell>
      {values.map((v, i) => (
        // The cells stand for the columns, by position: the column's index is its key.
        // biome-ignore lint/suspicious/noArrayIndexKey: positional, the list never reorders
        <Table.Summary.Cell key={i} index={i + 1} align="right">
          {v}
        </Table.Summary.Cell>
      ))}
    </Table.Summary.Row>
  );
}
