/** Region paths (河南省/洛阳市/涧西区) → a tree for the region picker. */

export interface RegionNode {
  value: string;
  label: string;
  children?: RegionNode[];
}

/** A tree of region path parts; every node's value is the full path up to it. */
export function regionTree(paths: readonly (string | null)[]): RegionNode[] {
  const root: RegionNode[] = [];
  for (const p of new Set(paths)) {
    if (!p) continue;
    let level = root;
    let prefix = '';
    for (const part of p.split('/').filter(Boolean)) {
      prefix = prefix ? `${prefix}/${part}` : part;
      let node = level.find((n) => n.label === part);
      if (!node) {
        node = { value: prefix, label: part };
        level.push(node);
      }
      node.children ??= [];
      level = node.children;
    }
  }
  const tidy = (ns: RegionNode[]): RegionNode[] =>
    ns
      .sort((a, b) => a.label.localeCompare(b.label, 'zh-Hans-CN'))
      .map((n) => (n.children && n.children.length > 0 ? { ...n, children: tidy(n.children) } : { value: n.value, label: n.label }));
  return tidy(root);
}

/** The chain of node values down to a full path, for the Cascader's value. */
export function regionChain(path: string | null): string[] {
  if (!path) return [];
  const parts = path.split('/').filter(Boolean);
  return parts.map((_, i) => parts.slice(0, i + 1).join('/'));
}
