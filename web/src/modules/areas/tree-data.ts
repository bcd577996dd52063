import type { AreaNode } from './api.ts';

/** Keeps the nodes whose name contains `text`, with their ancestors; returns null when nothing matches. */
export function filterTree(nodes: AreaNode[], text: string): AreaNode[] {
  const needle = text.trim();
  if (!needle) return nodes;
  const out: AreaNode[] = [];
  for (const n of nodes) {
    if (n.name.includes(needle)) out.push(n);
    else {
      const children = filterTree(n.children, needle);
      if (children.length) out.push({ ...n, children });
    }
  }
  return out;
}

export function allCodes(nodes: AreaNode[]): string[] {
  return nodes.flatMap((n) => [n.code, ...allCodes(n.children)]);
}

/** Opens the roots and any chain of single children (a community worker sees district → street → community). */
export function defaultExpanded(nodes: AreaNode[]): string[] {
  const out: string[] = [];
  const walk = (list: AreaNode[], depth: number) => {
    for (const n of list) {
      if (depth === 0 || list.length === 1) {
        out.push(n.code);
        walk(n.children, depth + 1);
      }
    }
  };
  walk(nodes, 0);
  return out;
}
