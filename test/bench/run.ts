/**
 * `npm run bench`: every budget of DESIGN.md measured in one run on this machine, each figure beside
 * its budget and its peers. Prints the table to stdout (progress to stderr), writes the figures to
 * test/bench/results.json and the table into docs/performance.md, and exits 1 when a budget is broken.
 *
 *   npm run bench                                # everything (a couple of minutes on 2 cores)
 *   npm run bench -- --only=bundle,verify        # some of: bundle, format, verify, simulator, memory, enumeration, browser
 *   npm run bench -- --profile                   # also profile the simulator even when it passes
 *   npm run bench -- --no-write                  # do not touch results.json
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';
import { measureBundles } from './bundle.js';
import { measureFormatting } from './format.js';
import { measureVerify } from './verify.js';
import { DEFAULT_SIMULATOR_HTTP, measureSimulatorHttp, type SimulatorHttpResult } from './simulator-http.js';
import { measureBrowser } from './browser.js';
import { BUDGETS, judge } from './budgets.js';
import { measureEnumeration } from './enumeration.js';
import { measureMemoryGrowth } from './simulator-memory.js';
import { kb, kb2, markdownTable, ms, percent, perSecond, spread, textTable, type Row } from './report.js';
import { rounded } from './stats.js';

const args = process.argv.slice(2);
const only = args
  .find((arg) => arg.startsWith('--only='))
  ?.slice('--only='.length)
  .split(',');
const wants = (part: string) => !only || only.includes(part);
const log = (text: string) => process.stderr.write(`${text}\n`);
const started = performance.now();

const rows: Row[] = [];

/**
 * Runs one part of the bench; a part that throws becomes a FAIL row saying why, and the others
 * still run, so one broken part never hides the rest of the table.
 */
async function section(part: string, title: string, measure: () => Promise<void>): Promise<void> {
  if (!wants(part)) return;
  try {
    await measure();
  } catch (error) {
    const message = String((error as Error)?.message ?? error).split('\n')[0]!;
    log(`${title} failed: ${(error as Error)?.stack ?? message}`);
    rows.push({
      figure: `${title}: could not be measured`,
      value: message.slice(0, 160),
      budget: '',
      peers: '',
      ratio: '',
      pass: false,
    });
  }
}
const measuredAt = new Date().toISOString();
const machine: { cores: number; cpu: string; memoryGiB: number; node: string; platform: string; chromium?: string } = {
  cores: cpus().length,
  cpu: cpus()[0]?.model ?? 'unknown',
  memoryGiB: Math.round(totalmem() / 2 ** 30),
  node: process.version,
  platform: `${process.platform} ${process.arch}`,
};
/** Other work on the machine skews wall-clock figures; the 1-minute load average says how much there was. */
const loadAverageAtStart = Number(loadavg()[0]!.toFixed(2));
const results: Record<string, unknown> = { measuredAt, machine, budgets: BUDGETS, loadAverageAtStart };

await section('bundle', 'Bundle sizes', async () => {
  log('bundle sizes (esbuild, minify, ESM, gzip -9)…');
  const bundles = await measureBundles();
  results.bundle = bundles;
  const { widget, peers, budgetBytes } = bundles;
  rows.push({
    figure: 'Widget bundle, ESM, minified + gzip (Lit included)',
    value: `${kb2(widget.gzip)} (${kb2(widget.minified)} minified)`,
    budget: `≤ ${kb2(budgetBytes)}`,
    peers: '',
    ratio: '',
    pass: widget.gzip <= budgetBytes,
  });
  for (const peer of peers) {
    rows.push({
      figure: `  peer: ${peer.name}`,
      value: '',
      budget: '',
      peers: kb2(peer.gzip),
      ratio: `widget = ${(widget.gzip / peer.gzip).toFixed(2)}×`,
      pass: null,
    });
  }
});

await section('format', 'CNIC formatting (Node)', async () => {
  log('CNIC keystroke formatting in Node…');
  const format = measureFormatting();
  results.format = { perKeystrokeNs: rounded(format.perKeystrokeNs, 1), keystrokes: format.keystrokes };
  const perKeystrokeMs = {
    median: format.perKeystrokeNs.median / 1e6,
    p10: format.perKeystrokeNs.p10 / 1e6,
    p90: format.perKeystrokeNs.p90 / 1e6,
  };
  rows.push({
    figure: 'CNIC keystroke formatting, pure function (Node)',
    value: spread(perKeystrokeMs, ms),
    ...judge(BUDGETS.keystrokeMs, perKeystrokeMs.median),
    peers: '',
    ratio: '',
  });
});

await section('verify', 'Verify helper', async () => {
  log('verify helper vs jose.jwtVerify…');
  const verify = await measureVerify();
  results.verify = {
    ...verify,
    helperPerSecond: rounded(verify.helperPerSecond, 0),
    josePerSecond: rounded(verify.josePerSecond, 0),
    helperPerWallSecond: rounded(verify.helperPerWallSecond, 0),
    josePerWallSecond: rounded(verify.josePerWallSecond, 0),
    ratio: Number(verify.ratio.toFixed(3)),
  };
  rows.push({
    figure: 'Verify helper: tokens verified per CPU-second',
    value: `${spread(verify.helperPerSecond, perSecond)}; wall clock ${perSecond(verify.helperPerWallSecond.median)}`,
    ...judge(BUDGETS.verifyShareOfJose, verify.ratio),
    peers: `jose.jwtVerify ${perSecond(verify.josePerSecond.median)} (wall clock ${perSecond(verify.josePerWallSecond.median)})`,
    ratio: percent(verify.ratio),
  });
});

await section('simulator', 'Simulator over HTTP', async () => {
  log('simulator over HTTP vs its same-run ceiling, in memory and with --data…');
  let sim = await measureSimulatorHttp();
  const shareOfCeiling = sim.flows.perCpuSecond / sim.bareHttpSigning.perCpuSecond;
  const verdict = judge(BUDGETS.simulatorShareOfCeiling, sim.flows.failures === 0 ? shareOfCeiling : NaN);
  if (!verdict.pass || args.includes('--profile')) {
    log('profiling the simulator under the same load…');
    const profiled = await measureSimulatorHttp({
      ...DEFAULT_SIMULATOR_HTTP,
      durationMs: 4_000,
      profile: true,
      persistence: false,
    });
    sim = { ...sim, profile: profiled.profile! };
  }
  results.simulatorHttp = {
    ...sim,
    flows: { ...sim.flows, latencyMs: rounded(sim.flows.latencyMs, 2) },
    ratio: Number(sim.ratio.toFixed(4)),
    shareOfCeiling: Number(shareOfCeiling.toFixed(4)),
  };
  rows.push({
    figure: `Simulator over HTTP, in memory: full flows (create → SMS via /__sim → verify), per second of one core`,
    value: `${perSecond(sim.flows.perCpuSecond)} (wall clock ${perSecond(sim.flows.perSecond)}; ${sim.flows.count} flows, ${sim.flows.failures} failed; flow p50 ${ms(sim.flows.latencyMs.median)})`,
    ...verdict,
    peers: `ceiling ${perSecond(sim.bareHttpSigning.perCpuSecond)}; raw ES256 SignJWT ${perSecond(sim.rawSigning.perCpuSecond)}; bare node:http, same 3 requests ${perSecond(sim.bareHttp.perCpuSecond)}`,
    ratio: `${percent(shareOfCeiling)} of the ceiling; ${percent(sim.ratio)} of signing`,
  });
  rows.push({
    figure: `  ceiling: bare node:http, same 3 requests + one jose ES256 signature per flow, nothing else`,
    value: `${perSecond(sim.bareHttpSigning.perCpuSecond)} (wall clock ${perSecond(sim.bareHttpSigning.perSecond)})`,
    budget: '',
    peers: '',
    ratio: `${percent(sim.bareHttpSigning.ratio)} of signing`,
    pass: null,
  });
  const { persistence } = sim;
  if (persistence) {
    const run = (figure: string, measured: typeof persistence.empty) =>
      `${perSecond(measured.perCpuSecond)} (wall clock ${perSecond(measured.perSecond)}; ${measured.count} flows, ${measured.failures} failed; flow p50 ${ms(measured.latencyMs.median)})${figure}`;
    rows.push({
      figure:
        'Simulator over HTTP with --data (SQLite, synchronous=FULL), empty store: full flows per second of one core',
      value: run('', persistence.empty),
      ...judge(BUDGETS.persistenceShareOfMemory, persistence.empty.failures === 0 ? persistence.shareOfMemory : NaN),
      peers: `in memory ${perSecond(sim.flows.perCpuSecond)}`,
      ratio: `${percent(persistence.shareOfMemory)} of in memory`,
    });
    const entries = persistence.prefilled.auditEntries.toLocaleString('en-US');
    rows.push({
      figure: `  the same on a store holding ${entries} audit entries`,
      value: run(`; prefilled in ${persistence.prefilled.prefillSeconds.toFixed(0)} s`, persistence.prefilled),
      ...judge(BUDGETS.persistenceFlatness, persistence.prefilled.failures === 0 ? persistence.flatness : NaN),
      peers: `empty store ${perSecond(persistence.empty.perCpuSecond)}`,
      ratio: `${percent(persistence.flatness)} of the empty store`,
    });
  }
  const mb = (bytes: number) => `${(bytes / 2 ** 20).toFixed(0)} MB`;
  rows.push({
    figure: `Simulator server memory after ${sim.serverMemory.flowsServed} flows (after GC), in memory`,
    value: `RSS ${mb(sim.serverMemory.after.rss)}, heap ${mb(sim.serverMemory.after.heapUsed)}`,
    budget: '',
    peers: `before: RSS ${mb(sim.serverMemory.before.rss)}, heap ${mb(sim.serverMemory.before.heapUsed)}`,
    ratio: '',
    pass: null,
  });
});

await section('memory', 'Server memory as history grows', async () => {
  log('server memory over 100,000 flows with --data (domain calls, not HTTP)…');
  const growth = await measureMemoryGrowth();
  results.memoryGrowth = growth;
  const [first, last] = [growth.points[0]!, growth.points.at(-1)!];
  const mb = (bytes: number) => `${(bytes / 2 ** 20).toFixed(0)} MB`;
  rows.push({
    figure: `Server RSS with --data after ${last.flows.toLocaleString('en-US')} flows (after GC; flows through the domain, not HTTP)`,
    value: `RSS ${mb(last.rss)}, heap ${mb(last.heapUsed)} (${last.seconds.toFixed(0)} s)`,
    ...judge(BUDGETS.memoryGrowth, growth.growth),
    peers: `after ${first.flows.toLocaleString('en-US')}: RSS ${mb(first.rss)}, heap ${mb(first.heapUsed)}`,
    ratio: `${growth.growth.toFixed(2)}×`,
  });
});

await section('enumeration', 'Enumeration timing', async () => {
  log('create answer times per class of CNIC, interleaved, over HTTP…');
  const timing = await measureEnumeration();
  results.enumeration = {
    perClass: timing.requests / timing.classes,
    requests: timing.requests,
    medianMs: Object.fromEntries(
      Object.entries(timing.medians).map(([name, value]) => [name, Number(value.toFixed(4))]),
    ),
    largestGap: Number(timing.largestGap.toFixed(4)),
  };
  rows.push({
    figure: `Enumeration: median create time per class of CNIC over HTTP (${timing.requests} interleaved creates)`,
    value: Object.entries(timing.medians)
      .map(([name, value]) => `${name} ${ms(value)}`)
      .join('; '),
    ...judge(BUDGETS.enumerationGap, timing.largestGap),
    peers: '',
    ratio: `${percent(timing.largestGap)} (${timing.slowest} vs ${timing.fastest})`,
  });
});

await section('browser', 'Widget in Chromium', async () => {
  log('widget in headless Chromium…');
  const browser = await measureBrowser();
  results.browser = {
    ...browser,
    firstRender: {
      ...browser.firstRender,
      defineToRenderMs: rounded(browser.firstRender.defineToRenderMs, 3),
      defineToReadyMs: rounded(browser.firstRender.defineToReadyMs, 3),
    },
    submitToCodeMs: rounded(browser.submitToCodeMs, 3),
    keystroke: { ...browser.keystroke, inputToFormattedMs: rounded(browser.keystroke.inputToFormattedMs, 4) },
  };
  machine.chromium = browser.chromium;
  rows.push({
    figure: 'First render: customElements.define → rendered + laid out',
    value: spread(browser.firstRender.defineToRenderMs, ms),
    ...judge(BUDGETS.firstRenderMs, browser.firstRender.defineToRenderMs.median),
    peers: '',
    ratio: '',
  });
  rows.push({
    figure: 'define → partner context shown (in-page simulator)',
    value: spread(browser.firstRender.defineToReadyMs, ms),
    budget: '',
    peers: '',
    ratio: '',
    pass: null,
  });
  rows.push({
    figure: 'CNIC submit → code field ready (simulator at zero latency)',
    value: spread(browser.submitToCodeMs, ms),
    budget: '',
    peers: '',
    ratio: '',
    pass: null,
  });
  rows.push({
    figure: 'CNIC keystroke in Chromium: input event → formatted + laid out',
    value: spread(browser.keystroke.inputToFormattedMs, ms),
    ...judge(BUDGETS.keystrokeMs, browser.keystroke.inputToFormattedMs.median),
    peers: '',
    ratio: '',
  });
  const { memory } = browser;
  rows.push({
    figure: `JS heap after ${memory.cycles} mount/unmount cycles (after GC)`,
    value: `${memory.growthBytes >= 0 ? '+' : ''}${kb(memory.growthBytes)} (${kb(memory.startBytes)} → ${kb(memory.endBytes)})`,
    ...judge(BUDGETS.mountCycleGrowthBytes, memory.growthBytes),
    peers: `one leaked widget ≈ ${kb(memory.leakedWidgetBytes)}`,
    ratio: '',
  });
});

results.rows = rows;
const loadAverageAtEnd = Number(loadavg()[0]!.toFixed(2));
const durationSeconds = Math.round((performance.now() - started) / 1000);
Object.assign(results, { loadAverageAtEnd, durationSeconds });
console.log(
  `\nijazat-consent bench — ${machine.cores} cores (${machine.cpu}), Node ${machine.node}${machine.chromium ? `, Chromium ${machine.chromium}` : ''}; ` +
    `load average ${loadAverageAtStart} at start, ${loadAverageAtEnd} at end\n`,
);
console.log(textTable(rows));
const simResult = results.simulatorHttp as SimulatorHttpResult | undefined;
if (simResult?.profile) {
  const { profile } = simResult;
  console.log(`\nSimulator server CPU profile under load (${profile.sampledMs} ms sampled), by kind of work:`);
  console.log('   all  busy');
  for (const stage of profile.byStage)
    console.log(
      `  ${String(stage.percent).padStart(4)} % ${stage.busyPercent === null ? '      ' : `${String(stage.busyPercent).padStart(4)} %`}  ${stage.stage}`,
    );
  console.log('Our functions by total time (with callees):');
  for (const line of profile.ownByTotal.slice(0, 10))
    console.log(`  ${String(line.totalPercent).padStart(5)} %  ${line.function} (${line.at.replace(/:\d+$/, '')})`);
}
const failed = rows.filter((row) => row.pass === false);
console.log(
  `\n${failed.length ? `${failed.length} budget(s) broken: ${failed.map((row) => row.figure.trim()).join('; ')}` : 'all budgets met'} (${durationSeconds} s)`,
);
if (!args.includes('--no-write') && !only) {
  writeFileSync(new URL('./results.json', import.meta.url), `${JSON.stringify(results, null, 2)}\n`);
  // docs/performance.md and the README carry the same table between their markers, so both match results.json.
  const section =
    `Measured ${measuredAt.slice(0, 16).replace('T', ' ')} UTC on ${machine.cores} cores (${machine.cpu}), ` +
    `Node ${machine.node}, Chromium ${machine.chromium ?? 'n/a'}; load average ${loadAverageAtStart} → ${loadAverageAtEnd}.\n\n` +
    markdownTable(rows);
  for (const page of ['../../docs/performance.md', '../../README.md']) {
    const file = new URL(page, import.meta.url);
    const text = readFileSync(file, 'utf8');
    writeFileSync(file, text.replace(/(<!-- results:start -->\n)[\s\S]*?(\n<!-- results:end -->)/, `$1${section}$2`));
  }
}
if (process.argv.includes('--markdown')) console.log(`\n${markdownTable(rows)}`);
process.exit(failed.length ? 1 : 0);
