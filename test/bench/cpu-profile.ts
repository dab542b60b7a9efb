/**
 * Reads a V8 CPU profile (the format of node --cpu-prof and of the inspector's Profiler.stop) into
 * "where the time goes": per function, its self time and its total time (self + callees), and per
 * package or source folder, the self time spent in its code.
 */
export interface ProfileLine {
  function: string;
  /** The file (relative to the repository when inside it; file:line for node: internals). */
  at: string;
  selfPercent: number;
  totalPercent: number;
}

export interface ProfileSummary {
  sampledMs: number;
  /** Each sample charged to the first kind of work found walking up from the running function. */
  byStage: { stage: string; percent: number; busyPercent: number | null }[];
  /** By self time. */
  bySelf: ProfileLine[];
  /** Our own functions (simulator/, src/) by total time: which step of a flow costs what. */
  ownByTotal: ProfileLine[];
  /** Self time per package (node_modules/<name>), our folder (simulator/…), node internals, GC, idle. */
  byArea: { area: string; selfPercent: number }[];
}

const IDLE = 'idle (waiting for requests)';

/** Kinds of work, matched against `functionName url` of each frame, first match wins. */
const STAGES: [string, RegExp][] = [
  [IDLE, /^\(idle\) $/],
  ['garbage collection', /^\(garbage collector\) $/],
  ['WebCrypto (ES256 sign, HMAC, SHA-256)', /node:internal\/crypto\/|\/jose\//],
  ['zod validation', /\/node_modules\/zod\//],
  [
    'IndexedDB (fake-indexeddb + idb, structured clones)',
    /\/node_modules\/(fake-indexeddb|idb)\/|structuredClone|js_transferable|node:internal\/structured_clone/,
  ],
  ['MSW cookie parsing (tough-cookie)', /\/node_modules\/tough-cookie\/|getRequestCookies|cookieStore/],
  ['MSW route matching (path-to-regexp)', /\/node_modules\/path-to-regexp\/|matchRequestUrl/],
  [
    'MSW request pipeline (getResponse, handlers, cloning)',
    /\/node_modules\/(msw|@mswjs|@open-draft|outvariant|strict-event-emitter|headers-polyfill|graphql)\//,
  ],
  [
    'Fetch Request/Response/Headers objects (undici)',
    /node:internal\/deps\/undici|node:internal\/webstreams|node:internal\/abort_controller|domexception/,
  ],
  ['simulator domain (simulator/domain, store)', /\/simulator\/(domain|store|clock|serial-queue|simulator)/],
  ['simulator handlers + HTTP adapter', /\/simulator\/(handlers|http-server)/],
  ['node:http, sockets, streams', /node:(_http|net|internal\/streams|internal\/stream_base|events|internal\/http)/],
];

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
  // The server runs compiled copies (child.ts): name the source files they come from.
  const root = new URL('../..', import.meta.url).href;
  const compiled = `${root}.bench-scratch/js/`;
  for (const node of profile.nodes)
    if (node.callFrame.url.startsWith(compiled))
      node.callFrame.url = root + node.callFrame.url.slice(compiled.length).replace(/\.js$/, '.ts');
  const parent = new Map<number, number>();
  for (const node of profile.nodes) for (const child of node.children ?? []) parent.set(child, node.id);
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const keyOf = (id: number) => {
    const frame = byId.get(id)!.callFrame;
    // Positions are in compiled code: name the file only.
    const at = !frame.url
      ? '(native)'
      : frame.url.startsWith(root)
        ? frame.url.replace(root, '')
        : `${frame.url}:${frame.lineNumber + 1}`;
    return {
      key: `${frame.functionName || '(anonymous)'} ${at}`,
      name: frame.functionName || '(anonymous)',
      at,
      area: areaOf(frame.url, frame.functionName, root),
    };
  };
  const self = new Map<string, number>();
  const total = new Map<string, number>();
  const area = new Map<string, number>();
  const names = new Map<string, { name: string; at: string }>();
  const stage = new Map<string, number>();
  const stageOfNode = new Map<number, string>();
  const stageOf = (leaf: number): string => {
    let found = stageOfNode.get(leaf);
    if (found) return found;
    found = 'other (V8, native, microtasks)';
    for (let id: number | undefined = leaf; id !== undefined; id = parent.get(id)) {
      const frame = byId.get(id)!.callFrame;
      const match = STAGES.find(([, pattern]) => pattern.test(`${frame.functionName} ${frame.url}`));
      if (match) {
        found = match[0];
        break;
      }
    }
    stageOfNode.set(leaf, found);
    return found;
  };
  let all = 0;
  profile.samples.forEach((leaf, i) => {
    const us = profile.timeDeltas[i] ?? 0;
    all += us;
    const kind = stageOf(leaf);
    stage.set(kind, (stage.get(kind) ?? 0) + us);
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
  const idle = stage.get(IDLE) ?? 0;
  const pct = (us: number) => Number(((us * 100) / (all || 1)).toFixed(1));
  const line = (key: string): ProfileLine => ({
    function: names.get(key)!.name,
    at: names.get(key)!.at,
    selfPercent: pct(self.get(key) ?? 0),
    totalPercent: pct(total.get(key) ?? 0),
  });
  return {
    sampledMs: Math.round(all / 1000),
    byStage: [...stage.entries()]
      .sort((a, b) => b[1] - a[1])
      .map(([name, us]) => ({
        stage: name,
        percent: pct(us),
        busyPercent: name === IDLE ? null : Number(((us * 100) / (all - idle || 1)).toFixed(1)),
      })),
    bySelf: [...self.keys()]
      .sort((a, b) => self.get(b)! - self.get(a)!)
      .slice(0, count)
      .map(line),
    ownByTotal: [...total.keys()]
      .filter((key) => /^(simulator|src)\//.test(names.get(key)!.at))
      .sort((a, b) => total.get(b)! - total.get(a)!)
      .slice(0, count)
      .map(line),
    byArea: [...area.entries()]
      .sort((a, b) => b[1] - a[1])
      .slice(0, count)
      .map(([name, us]) => ({ area: name, selfPercent: pct(us) })),
  };
}
