/**
 * Reads a V8 CPU profile (the format of node --cpu-prof and of the inspector's Profiler.stop) into
 * "where the time goes": per function, its self time and its total time (self + callees), and per
 * package or source folder, the self time spent in its code.
 */
export interface ProfileLine {
  function: string;
  /** file:line, relative to the repository where it is inside it. */
  at: string;
  selfPercent: number;
  totalPercent: number;
}

export interface ProfileSummary {
  sampledMs: number;
  /** By self time. */
  bySelf: ProfileLine[];
  /** Our own functions (simulator/, src/) by total time: which step of a flow costs what. */
  ownByTotal: ProfileLine[];
  /** Self time per package (node_modules/<name>), our folder (simulator/…), node internals, GC, idle. */
  byArea: { area: string; selfPercent: number }[];
}

export interface CpuProfile {
  nodes: { id: number; callFrame: { functionName: string; url: string; lineNumber: number }; children?: number[] }[];
  samples: number[];
  timeDeltas: number[];
}

function areaOf(url: string, name: string, root: string): string {
  if (!url) return name.startsWith('(') ? name : '(native)';
  const path = url.replace(root, '');
  const pkg = path.match(/node_modules\/((?:@[^/]+\/)?[^/]+)/);
  if (pkg) return pkg[1]!;
  if (path.startsWith('node:')) return 'node internals';
  return path.split('/').slice(0, 2).join('/');
}

export function summarizeProfile(profile: CpuProfile, count = 15): ProfileSummary {
  const root = new URL('../..', import.meta.url).href;
  const parent = new Map<number, number>();
  for (const node of profile.nodes) for (const child of node.children ?? []) parent.set(child, node.id);
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const keyOf = (id: number) => {
    const frame = byId.get(id)!.callFrame;
    const at = frame.url ? `${frame.url.replace(root, '')}:${frame.lineNumber + 1}` : '(native)';
    return { key: `${frame.functionName || '(anonymous)'} ${at}`, name: frame.functionName || '(anonymous)', at, area: areaOf(frame.url, frame.functionName, root) };
  };
  const self = new Map<string, number>();
  const total = new Map<string, number>();
  const area = new Map<string, number>();
  const names = new Map<string, { name: string; at: string }>();
  let all = 0;
  profile.samples.forEach((leaf, i) => {
    const us = profile.timeDeltas[i] ?? 0;
    all += us;
    const leafInfo = keyOf(leaf);
    self.set(leafInfo.key, (self.get(leafInfo.key) ?? 0) + us);
    area.set(leafInfo.area, (area.get(leafInfo.area) ?? 0) + us);
    const seen = new Set<string>();
    for (let id: number | undefined = leaf; id !== undefined; id = parent.get(id)) {
      const info = keyOf(id);
      names.set(info.key, info);
      if (seen.has(info.key)) continue;
      seen.add(info.key);
      total.set(info.key, (total.get(info.key) ?? 0) + us);
    }
  });
  const pct = (us: number) => Number(((us * 100) / (all || 1)).toFixed(1));
  const line = (key: string): ProfileLine => ({
    function: names.get(key)!.name,
    at: names.get(key)!.at,
    selfPercent: pct(self.get(key) ?? 0),
    totalPercent: pct(total.get(key) ?? 0),
  });
  return {
    sampledMs: Math.round(all / 1000),
    bySelf: [...self.keys()].sort((a, b) => self.get(b)! - self.get(a)!).slice(0, count).map(line),
    ownByTotal: [...total.keys()]
      .filter((key) => /^(simulator|src)\//.test(names.get(key)!.at))
      .sort((a, b) => total.get(b)! - total.get(a)!)
      .slice(0, count)
      .map(line),
    byArea: [...area.entries()].sort((a, b) => b[1] - a[1]).slice(0, count).map(([name, us]) => ({ area: name, selfPercent: pct(us) })),
  };
}
