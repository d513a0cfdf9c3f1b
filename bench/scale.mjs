#!/usr/bin/env node
// Scale benchmark (issue 6, "Scale"): `berth check MANIFESTS --cluster SNAPSHOT --format json` over clusters
// written by bench/generate.mjs, each run in a fresh process. Reports wall time split into read (manifests +
// snapshot), model, schedule, rules and report, peak RSS, and pods/s; medians over the runs.
//
// Usage: node bench/scale.mjs [--sizes 100x3000,1000x30000,5000x150000] [--runs 5,3,1] [--build DIR]
//                             [--timeout SECONDS] [--write]
//   --build    the compiled tree to run (default: dist/, i.e. after `npm run build`)
//   --runs     runs per size (one number for all, or one per size); medians are reported
//   --timeout  per run; a run that takes longer is reported as not finished (default 600)
//   --write    also replace the scale section of bench/README.md
// Targets (2-core CI-like machine): 5k nodes / 150k pods end to end <= 10 s (>= 15,000 pods/s) in <= 2 GiB RSS.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const option = (name, fallback) => {
  const i = args.indexOf(name);
  return i >= 0 && args[i + 1] ? args[i + 1] : fallback;
};

// Child mode: one end-to-end run in this process, printing JSON.
if (args[0] === '--child') {
  const [, build, dir, clusterFile] = args;
  const start = performance.now();
  const { checkPaths } = await import(pathToFileURL(join(build, 'src/check.js')).href);
  const { formatJson } = await import(pathToFileURL(join(build, 'src/report/json.js')).href);
  const loadMs = performance.now() - start;
  const timings = {};
  const cwd = process.cwd();
  process.chdir(dir);
  const result = await checkPaths(['manifests'], { clusterPaths: [clusterFile], timings });
  const reportStart = performance.now();
  const json = formatJson(result);
  timings.report = performance.now() - reportStart;
  process.chdir(cwd);
  let desired = 0, scheduled = 0, pending = 0;
  for (const w of result.placement?.workloads ?? []) {
    desired += w.desired;
    scheduled += w.scheduled;
    pending += w.pending;
  }
  const totalMs = performance.now() - start;
  const cpu = process.cpuUsage();
  process.stdout.write(JSON.stringify({ loadMs, timings, totalMs, cpuMs: (cpu.user + cpu.system) / 1000, maxRssKiB: process.resourceUsage().maxRSS, desired, scheduled, pending, findings: result.findings.length, jsonBytes: json.length }));
  process.exit(0);
}

const BUILD = resolve(ROOT, option('--build', 'dist'));
const SIZES = option('--sizes', '100x3000,1000x30000,5000x150000').split(',').map((s) => {
  const [nodes, pods] = s.split('x').map(Number);
  if (!Number.isInteger(nodes) || !Number.isInteger(pods)) {
    console.error(`bench/scale.mjs: bad size "${s}" (expected NODESxPODS, e.g. 1000x30000)`);
    process.exit(2);
  }
  return { nodes, pods };
});
const RUN_COUNTS = option('--runs', '5,3,1').split(',').map(Number);
const TIMEOUT_S = Number(option('--timeout', '600'));
if (!existsSync(join(BUILD, 'src/check.js'))) {
  console.error(`bench/scale.mjs: ${join(BUILD, 'src/check.js')} not found; run \`npm run build\` (or pass --build DIR)`);
  process.exit(2);
}
const { writeScale } = await import('./generate.mjs');

const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
};
const seconds = (ms) => `${(ms / 1000).toFixed(2)} s`;

function runOnce(dir, cluster) {
  const start = performance.now();
  const child = spawnSync(process.execPath, ['--max-old-space-size=4096', fileURLToPath(import.meta.url), '--child', BUILD, dir, cluster], {
    encoding: 'utf8',
    timeout: TIMEOUT_S * 1000,
    maxBuffer: 64 * 1024 * 1024,
  });
  const wallMs = performance.now() - start;
  if (child.error?.code === 'ETIMEDOUT' || child.signal === 'SIGTERM') return { timedOut: true, wallMs };
  if (child.status !== 0) throw new Error(`bench/scale.mjs: run failed (exit ${child.status}):\n${child.stderr}`);
  return { ...JSON.parse(child.stdout), wallMs };
}

const rows = [];
for (const [i, size] of SIZES.entries()) {
  const runs = RUN_COUNTS[Math.min(i, RUN_COUNTS.length - 1)] ?? 1;
  const dir = join(ROOT, '.bench-out', `scale-${size.nodes}x${size.pods}`);
  const generated = writeScale(dir, { nodes: size.nodes, pods: size.pods, seed: 1 });
  process.stderr.write(`${size.nodes} nodes / ${size.pods} pods: ${generated.stats.workloads} workloads, ${(generated.stats.manifestBytes / 1e6).toFixed(1)} MB manifests, ${(generated.stats.clusterBytes / 1e6).toFixed(1)} MB snapshot; ${runs} run(s)\n`);
  const results = [];
  for (let r = 0; r < runs; r++) {
    const result = runOnce(dir, 'cluster.json');
    process.stderr.write(`  run ${r + 1}: ${result.timedOut ? `not finished after ${TIMEOUT_S} s` : seconds(result.wallMs)}\n`);
    results.push(result);
    if (result.timedOut) break;
  }
  rows.push({ size, generated: generated.stats, results });
}

const stageNames = ['read', 'model', 'schedule', 'rules', 'report'];
const table = [
  '| nodes / pods | runs | end to end | CPU | load | read | model | schedule | rules | report | pods/s | peak RSS | scheduled / pending |',
  '|---|---|---|---|---|---|---|---|---|---|---|---|---|',
];
const verdicts = [];
for (const { size, results } of rows) {
  const done = results.filter((r) => !r.timedOut);
  if (done.length < results.length || done.length === 0) {
    table.push(`| ${size.nodes} / ${size.pods} | ${results.length} | not finished within ${TIMEOUT_S} s | | | | | | | | | | |`);
    if (size.nodes === 5000) verdicts.push(`5k nodes / 150k pods ≤ 10 s: **missed** (did not finish within ${TIMEOUT_S} s)`);
    continue;
  }
  const wall = median(done.map((r) => r.wallMs));
  const stage = (name) => seconds(median(done.map((r) => r.timings[name] ?? 0)));
  const rss = Math.max(...done.map((r) => r.maxRssKiB)) / 1024;
  const podsPerSecond = Math.round(size.pods / (wall / 1000));
  const last = done[done.length - 1];
  table.push(`| ${size.nodes} / ${size.pods} | ${done.length} | ${seconds(wall)} | ${seconds(median(done.map((r) => r.cpuMs)))} | ${seconds(median(done.map((r) => r.loadMs)))} | ${stageNames.map(stage).join(' | ')} | ${podsPerSecond.toLocaleString('en-US')} | ${rss.toFixed(0)} MiB | ${last.scheduled} / ${last.pending} |`);
  if (size.nodes === 5000 && size.pods === 150000) {
    verdicts.push(`5k nodes / 150k pods ≤ 10 s: **${wall <= 10000 ? 'met' : 'missed'}** (${seconds(wall)}); ≥ 15,000 pods/s: **${podsPerSecond >= 15000 ? 'met' : 'missed'}**; ≤ 2 GiB RSS: **${rss <= 2048 ? 'met' : 'missed'}** (${rss.toFixed(0)} MiB)`);
  }
}

const machine = `${cpus().length} × ${cpus()[0]?.model.trim() ?? 'unknown CPU'}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB RAM, Node ${process.version}, load average ${loadavg().map((l) => l.toFixed(1)).join(' ')} at the end`;
const command = `node bench/scale.mjs --sizes ${SIZES.map((s) => `${s.nodes}x${s.pods}`).join(',')} --runs ${RUN_COUNTS.join(',')}${BUILD === join(ROOT, 'dist') ? '' : ` --build ${BUILD.replace(`${ROOT}/`, '')}`}`;
const lines = [
  `Measured ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC on ${machine}.`,
  `Command: \`${command}\`. Each run is a fresh process (\`checkPaths\` + the JSON report, as \`berth check manifests --cluster cluster.json --format json\`); figures are medians over the runs, peak RSS is the maximum. CPU is user + system time of the run: on a busy machine it is closer to what an idle one would take than the wall time.`,
  '',
  ...table,
  '',
  ...(verdicts.length > 0 ? [`Targets: ${verdicts.join('; ')}.`] : []),
];
const text = lines.join('\n');
console.log(text);

if (args.includes('--write')) {
  const readme = join(ROOT, 'bench/README.md');
  const begin = '<!-- scale-bench:begin -->';
  const end = '<!-- scale-bench:end -->';
  const current = existsSync(readme) ? readFileSync(readme, 'utf8') : '';
  const block = `${begin}\n${text}\n${end}`;
  const next = current.includes(begin) && current.includes(end)
    ? current.slice(0, current.indexOf(begin)) + block + current.slice(current.indexOf(end) + end.length)
    : `${current}${current && !current.endsWith('\n') ? '\n' : ''}\n## Scale\n\n${block}\n`;
  writeFileSync(readme, next);
  console.log('\nbench/README.md updated.');
}
