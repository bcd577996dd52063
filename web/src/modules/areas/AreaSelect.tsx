import { TreeSelect } from 'antd';
import { useMemo } from 'react';
import type { AreaLevel } from '../../../../contracts/domain.ts';
import { type AreaNode, useAreaTree } from './api.ts';

interface Option {
  value: string;
  title: string;
  selectable: boolean;
  children: Option[];
}

function toOptions(nodes: AreaNode[], levels?: readonly AreaLevel[]): Option[] {
  return nodes.map((n) => ({
    value: n.code,
    title: n.name,
    selectable: !levels || levels.includes(n.level),
    children: toOptions(n.children, levels),
  }));
}

/** Picks a unit of the visible org tree; `levels` limits which units may be chosen (e.g. residences). */
export function AreaSelect({
  value,
  onChange,
  levels,
  placeholder,
  disabled,
  id,
}: {
  value?: string;
  onChange?: (code: string) => void;
  levels?: readonly AreaLevel[];
  placeholder?: string;
  disabled?: boolean;
  id?: string;
}) {
  const { data, isLoading } = useAreaTree();
  const options = useMemo(() => toOptions(data ?? [], levels), [data, levels]);
  return (
    <TreeSelect
      id={id}
      value={value}
      onChange={onChange}
      treeData={options}
      loading={isLoading}
      disabled={disabled}
      placeholder={placeholder}
      showSearch={{ treeNodeFilterProp: 'title' }}
      treeDefaultExpandedKeys={data?.map((n) => n.code)}
      listHeight={360}
      style={{ width: '100%' }}
    />
  );
}
