#!/usr/bin/env node
// Real-corpus benchmark (issue 6, "Real corpus" and "Cold start"):
//   1. bare parse of ../shared/corpus with the parser berth uses (src/read/yaml.ts), next to yaml's full
//      parseAllDocuments + toJS, each in a fresh process (one pass, as the CLI does it);
//   2. `berth check ../shared/corpus` end to end: median wall time of several runs, CPU time, documents/s,
//      peak RSS (from /usr/bin/time when present, else the child's own process.resourceUsage);
//   3. cold start: `berth check` of one small file, process start to exit.
//
// Usage: node bench/corpus.mjs [--runs N] [--build DIR] [--corpus DIR] [--write]
//   --build  the compiled tree to run (default: dist/, i.e. after `npm run build`)
//   --write  also replace the "Real corpus" figures in bench/README.md
// Targets (2-core CI-like machine): corpus <= 2.0 s end to end (>= 2,100 documents/s), cold start <= 300 ms.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, freemem, loadavg, tmpdir, totalmem } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const option = (name, fallback) => {
  const i = args.indexOf(name);
  return i >= 0 && args[i + 1] ? args[i + 1] : fallback;
};
const RUNS = Number(option('--runs', '5'));
const BUILD = resolve(ROOT, option('--build', 'dist'));
const CORPUS = resolve(ROOT, option('--corpus', '../shared/corpus'));
const MAIN = join(BUILD, 'src/cli/main.js');

// Child mode: one bare-parse pass in a fresh process, printing JSON.
if (args[0] === '--parse-child') {
  const [, reader, build, corpus] = args;
  const { expandInputs } = await import(pathToFileURL(join(build, 'src/read/files.js')).href);
  const { files } = await expandInputs([corpus]);
  const bytes = files.reduce((sum, f) => sum + Buffer.byteLength(f.text), 0);
  let documents = 0;
  const start = performance.now();
  const cpu = process.cpuUsage();
  if (reader === 'berth') {
    const { parseYaml } = await import(pathToFileURL(join(build, 'src/read/yaml.js')).href);
    for (const f of files) documents += parseYaml(f.text, f.path).documents.length;
  } else {
    const { parseAllDocuments } = await import('yaml');
    for (const f of files) {
      for (const doc of [parseAllDocuments(f.text, { version: '1.1', uniqueKeys: true, logLevel: 'silent' })].flat()) {
        if (doc.errors.length === 0 && doc.contents !== null) {
          try {
            doc.toJS({ maxAliasCount: 100 });
            documents++;
          } catch {
            // an alias bomb: counted as unread, as berth does
          }
        }
      }
    }
  }
  const used = process.cpuUsage(cpu);
  process.stdout.write(JSON.stringify({ ms: performance.now() - start, cpuMs: (used.user + used.system) / 1000, files: files.length, bytes, documents }));
  process.exit(0);
}

if (!existsSync(MAIN)) {
  console.error(`bench/corpus.mjs: ${MAIN} not found; run \`npm run build\` (or pass --build DIR)`);
  process.exit(2);
}
if (!existsSync(CORPUS)) {
  console.error(`bench/corpus.mjs: ${CORPUS} not found; the corpus benchmark needs the shared corpus (--corpus DIR)`);
  process.exit(2);
}

const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
};
const TIME = existsSync('/usr/bin/time') ? '/usr/bin/time' : undefined;

/** Runs a command; wall ms from spawn to exit, CPU ms and peak RSS (KiB) when /usr/bin/time is there. */
function measure(command, commandArgs, options = {}) {
  const start = performance.now();
  const run = TIME
    ? spawnSync(TIME, ['-f', '\n@@time %e %U %S %M', command, ...commandArgs], { encoding: 'utf8', maxBuffer: 1 << 28, ...options })
    : spawnSync(command, commandArgs, { encoding: 'utf8', maxBuffer: 1 << 28, ...options });
  const wallMs = performance.now() - start;
  const stats = /@@time (\S+) (\S+) (\S+) (\d+)/.exec(run.stderr ?? '');
  return {
    wallMs,
    cpuMs: stats ? (Number(stats[2]) + Number(stats[3])) * 1000 : NaN,
    rssKiB: stats ? Number(stats[4]) : NaN,
    status: run.status,
    stdout: run.stdout,
    stderr: (run.stderr ?? '').replace(/\n?@@time .*\n?$/, ''),
  };
}

function bareParse(reader) {
  const passes = [];
  for (let i = 0; i < Math.max(3, Math.ceil(RUNS / 2)); i++) {
    const run = spawnSync(process.execPath, [fileURLToPath(import.meta.url), '--parse-child', reader, BUILD, CORPUS], { encoding: 'utf8', cwd: ROOT, maxBuffer: 1 << 24 });
    if (run.status !== 0) throw new Error(`bare parse (${reader}) failed: ${run.stderr}`);
    passes.push(JSON.parse(run.stdout));
  }
  return { ...passes[0], ms: median(passes.map((p) => p.ms)), cpuMs: median(passes.map((p) => p.cpuMs)) };
}

const machine = {
  date: new Date().toISOString().replace(/\.\d+Z$/, 'Z'),
  node: process.version,
  cpus: `${cpus().length} × ${cpus()[0]?.model ?? 'unknown'}`,
  memory: `${(totalmem() / 2 ** 30).toFixed(1)} GiB total, ${(freemem() / 2 ** 30).toFixed(1)} GiB free`,
  load: loadavg().map((l) => l.toFixed(2)).join(' '),
};

// 1. Bare parse.
const berthParse = bareParse('berth');
const yamlParse = bareParse('yaml');

// 2. End to end.
const checkArgs = [MAIN, 'check', CORPUS, '--format', 'json', '--fail-on', 'none'];
measure(process.execPath, checkArgs, { cwd: ROOT }); // warm the file cache
const e2e = [];
let documents = 0;
for (let i = 0; i < RUNS; i++) {
  const run = measure(process.execPath, checkArgs, { cwd: ROOT });
  if (run.status !== 0) throw new Error(`berth check failed (${run.status}): ${run.stderr.slice(0, 2000)}`);
  const report = JSON.parse(run.stdout);
  const summary = report.summary ?? {};
  documents = (summary.objects ?? 0) + (summary.skippedDocuments ?? 0) || berthParse.documents;
  e2e.push(run);
}
const e2eWall = median(e2e.map((r) => r.wallMs));
const e2eCpu = median(e2e.map((r) => r.cpuMs));
const peakRss = Math.max(...e2e.map((r) => r.rssKiB));

// 2b. The same without the schema rule, to show what the rest of the pipeline costs (ajv compiles its
// validators on first use; see bench/README.md).
const small = mkdtempSync(join(tmpdir(), 'berth-cold-'));
writeFileSync(join(small, 'no-schema.yaml'), 'rules:\n  schema: off\n');
const noSchema = [];
for (let i = 0; i < Math.max(3, Math.ceil(RUNS / 2)); i++) {
  noSchema.push(measure(process.execPath, [...checkArgs, '--config', join(small, 'no-schema.yaml')], { cwd: ROOT }));
}

// 3. Cold start on one small file.
writeFileSync(join(small, 'pod.yaml'), 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\nspec:\n  containers:\n    - name: web\n      image: nginx:1.25\n');
const cold = [];
for (let i = 0; i < Math.max(RUNS, 7); i++) cold.push(measure(process.execPath, [MAIN, 'check', join(small, 'pod.yaml'), '--fail-on', 'none'], { cwd: small }));
const bareNode = [];
for (let i = 0; i < Math.max(RUNS, 7); i++) bareNode.push(measure(process.execPath, ['-e', '0']));
rmSync(small, { recursive: true, force: true });
const coldWall = median(cold.map((r) => r.wallMs));
const nodeWall = median(bareNode.map((r) => r.wallMs));

const mb = (berthParse.bytes / 1e6).toFixed(1);
const verdict = (ok) => (ok ? 'met' : '**missed**');
const lines = [
  `Machine: ${machine.cpus}; ${machine.memory}; Node ${machine.node}; load average at start ${machine.load}.`,
  `Date: ${machine.date}. Command: \`node bench/corpus.mjs --runs ${RUNS}${BUILD.endsWith('/dist') ? '' : ` --build ${BUILD.replace(ROOT + '/', '')}`}\` over \`${CORPUS.replace(resolve(ROOT, '..') + '/', '../')}\` (${berthParse.files} files, ${mb} MB, ${documents} documents).`,
  '',
  '| measurement | wall (median) | CPU user+sys | figure |',
  '|---|---|---|---|',
  `| bare parse, berth's reader (src/read/yaml.ts), one pass in a fresh process | ${(berthParse.ms / 1000).toFixed(2)} s | ${(berthParse.cpuMs / 1000).toFixed(2)} s | ${(berthParse.bytes / 1e6 / (berthParse.ms / 1000)).toFixed(1)} MB/s |`,
  `| bare parse, yaml parseAllDocuments + toJS (the old reader) | ${(yamlParse.ms / 1000).toFixed(2)} s | ${(yamlParse.cpuMs / 1000).toFixed(2)} s | ${(yamlParse.bytes / 1e6 / (yamlParse.ms / 1000)).toFixed(1)} MB/s |`,
  `| \`berth check\` end to end, ${RUNS} runs | ${(e2eWall / 1000).toFixed(2)} s | ${(e2eCpu / 1000).toFixed(2)} s | ${Math.round(documents / (e2eWall / 1000))} documents/s; peak RSS ${(peakRss / 1024).toFixed(0)} MiB; ${(e2eWall / berthParse.ms).toFixed(1)}× the bare parse |`,
  `| \`berth check\` end to end with the schema rule off, ${noSchema.length} runs | ${(median(noSchema.map((r) => r.wallMs)) / 1000).toFixed(2)} s | ${(median(noSchema.map((r) => r.cpuMs)) / 1000).toFixed(2)} s | peak RSS ${(Math.max(...noSchema.map((r) => r.rssKiB)) / 1024).toFixed(0)} MiB |`,
  `| cold start: \`berth check pod.yaml\` | ${coldWall.toFixed(0)} ms | ${median(cold.map((r) => r.cpuMs)).toFixed(0)} ms | \`node -e 0\` alone: ${nodeWall.toFixed(0)} ms |`,
  '',
  `Targets: corpus ≤ 2.0 s end to end — ${verdict(e2eWall <= 2000)}; ≥ 2,100 documents/s — ${verdict(documents / (e2eWall / 1000) >= 2100)}; cold start ≤ 300 ms — ${verdict(coldWall <= 300)}.`,
];
const text = lines.join('\n');
console.log(text);

if (args.includes('--write')) {
  const readme = join(ROOT, 'bench/README.md');
  const begin = '<!-- corpus-bench:begin -->';
  const end = '<!-- corpus-bench:end -->';
  const current = existsSync(readme) ? readFileSync(readme, 'utf8') : '';
  const block = `${begin}\n${text}\n${end}`;
  const next = current.includes(begin) && current.includes(end)
    ? current.slice(0, current.indexOf(begin)) + block + current.slice(current.indexOf(end) + end.length)
    : `${current}${current && !current.endsWith('\n') ? '\n' : ''}\n${block}\n`;
  writeFileSync(readme, next);
  console.log(`\nbench/README.md updated.`);
}
