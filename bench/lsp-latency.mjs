#!/usr/bin/env node
// Language-server latency: time from a didChange to the publishDiagnostics it causes, for a 2,000-line
// multi-document manifest, after warm-up; median of N edits. Runs `berth lsp` as a child process and speaks
// JSON-RPC to it over stdio, as an editor does.
//
//   npm run bench:lsp                     # uses dist/ (after npm run build)
//   node bench/lsp-latency.mjs --build .out/mine --runs 100 --warmup 10 --edits replicas,comment,annotation
//   node bench/lsp-latency.mjs --build .out/mine --cpu-prof .out/prof    # the server writes a CPU profile there
//
// For each kind of edit (--edits, see EDITS), two rounds: without a cluster snapshot (the static rules), and
// with the bundled example cluster (examples/cluster.yaml) named in the workspace's .berth.yaml, so edits that
// change what the scheduler reads also re-run the simulation and the placement rules.
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { createMessageConnection, StreamMessageReader, StreamMessageWriter } from 'vscode-languageserver/node';

const args = process.argv.slice(2);
const option = (name, fallback) => {
  const index = args.indexOf(`--${name}`);
  return index >= 0 && args[index + 1] !== undefined ? args[index + 1] : fallback;
};
const root = resolve(fileURLToPath(new URL('..', import.meta.url)));
const build = resolve(root, option('build', 'dist'));
const runs = Number(option('runs', '50'));
/** Which edits to time, comma-separated (see EDITS below); each runs without and with the example cluster. */
const editKinds = option('edits', 'replicas,comment,annotation').split(',');
const warmup = Number(option('warmup', '10'));
const targetLines = Number(option('lines', '2000'));
/** `--cpu-prof DIR`: the server writes a V8 CPU profile there on exit (NODE_OPTIONS may not carry --cpu-prof). */
const cpuProfDir = option('cpu-prof', undefined);

/** A deterministic multi-document manifest of about `lines` lines: Deployments with Services, some with findings. */
function manifest(lines) {
  const docs = [];
  let count = 0;
  for (let i = 0; count < lines; i++) {
    const name = `svc-${String(i).padStart(3, '0')}`;
    const deployment = [
      'apiVersion: apps/v1',
      'kind: Deployment',
      'metadata:',
      `  name: ${name}`,
      '  namespace: shop',
      '  labels:',
      `    app: ${name}`,
      'spec:',
      `  replicas: ${1 + (i % 5)}`,
      '  selector:',
      '    matchLabels:',
      `      app: ${name}`,
      '  template:',
      '    metadata:',
      '      labels:',
      `        app: ${name}`,
      '    spec:',
      ...(i % 7 === 0 ? ['      hostNetwork: true'] : []),
      '      containers:',
      `        - name: ${name}`,
      `          image: registry.example.com/shop/${name}:${i % 3 === 0 ? 'latest' : `1.${i}.0`}`,
      '          ports:',
      '            - containerPort: 8080',
      ...(i % 4 === 0 ? [] : ['          resources:', '            requests:', `              cpu: ${100 + 10 * (i % 9)}m`, '              memory: 128Mi', '            limits:', '              memory: 256Mi']),
      '          readinessProbe:',
      '            httpGet:',
      '              path: /ready',
      '              port: 8080',
    ];
    const service = ['apiVersion: v1', 'kind: Service', 'metadata:', `  name: ${name}`, '  namespace: shop', 'spec:', '  selector:', `    app: ${name}`, '  ports:', '    - port: 80', '      targetPort: 8080'];
    for (const doc of [deployment, service]) {
      docs.push(doc.join('\n'));
      count += doc.length + 1;
    }
  }
  return docs.join('\n---\n') + '\n';
}

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

function percentile(values, p) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

const text = manifest(targetLines);
const lineCount = text.split('\n').length - 1;
const documents = text.split('\n---\n').length;
const exampleCluster = join(root, 'examples', 'cluster.yaml');

/**
 * Keystroke-sized edits, each a function of the buffer's lines returning the i-th change (and applying it to
 * `lines`). `replicas` changes what the scheduler reads, so with a snapshot every edit simulates again;
 * `comment` and `annotation` do not, but move every line below them (findings must follow).
 */
const EDITS = {
  /** One replica count in the middle of the file, set to 1..9 in turn. */
  replicas(lines) {
    const target = lines.findIndex((l, i) => i > lines.length / 2 && l.startsWith('  replicas: '));
    return (i) => {
      const value = `  replicas: ${(i % 9) + 1}`;
      const change = { range: { start: { line: target, character: 0 }, end: { line: target, character: lines[target].length } }, text: value };
      lines[target] = value;
      return change;
    };
  },
  /** A comment line near the top of the file, typed and deleted in turn. */
  comment(lines) {
    return (i) => toggleLine(lines, 4, '# owned by the shop team', i % 2 === 0);
  },
  /** An annotation in the metadata of a Deployment in the middle of the file, added and removed in turn. */
  annotation(lines) {
    const target = lines.findIndex((l, i) => i > lines.length / 2 && l === '  namespace: shop' && lines[i + 1] === '  labels:') + 1;
    return (i) => toggleLine(lines, target, '  annotations: {team: shop}', i % 2 === 0);
  },
};

/**
 * CPU time (user + system, all threads) the server has used so far, from /proc (Linux); undefined elsewhere.
 * On a loaded machine the wall time of an edit includes waiting for a core; the CPU time does not.
 */
function cpuMs(pid) {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').replace(/^.*\) /s, '').split(' ');
    // Fields 14 and 15 of proc(5) (utime, stime), counted here from field 3 (state).
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / clockTicks;
  } catch {
    return undefined;
  }
}

const clockTicks = (() => {
  try {
    return Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
  } catch {
    return 100;
  }
})();

function toggleLine(lines, line, text, insert) {
  if (insert) {
    lines.splice(line, 0, text);
    return { range: { start: { line, character: 0 }, end: { line, character: 0 } }, text: `${text}\n` };
  }
  lines.splice(line, 1);
  return { range: { start: { line, character: 0 }, end: { line: line + 1, character: 0 } }, text: '' };
}

/** One server, one open file, `warmup + runs` edits; returns the timings of the measured edits. */
async function measure(withCluster, editKind) {
  const dir = mkdtempSync(join(tmpdir(), 'berth-lsp-bench-'));
  const file = join(dir, 'shop.yaml');
  writeFileSync(file, text);
  if (withCluster) {
    writeFileSync(join(dir, 'cluster.yaml'), readFileSync(exampleCluster));
    writeFileSync(join(dir, '.berth.yaml'), 'cluster: [cluster.yaml]\n');
  }
  const uri = pathToFileURL(file).href;
  const child = spawn(process.execPath, [...(cpuProfDir ? ['--cpu-prof', `--cpu-prof-dir=${resolve(cpuProfDir)}`] : []), join(build, 'src', 'cli', 'main.js'), 'lsp', '--stdio'], { stdio: ['pipe', 'pipe', 'inherit'] });
  const rpc = createMessageConnection(new StreamMessageReader(child.stdout), new StreamMessageWriter(child.stdin));
  let waiting;
  let lastCount = 0;
  rpc.onNotification('textDocument/publishDiagnostics', (params) => {
    if (params.uri !== uri || !waiting) return;
    lastCount = params.diagnostics.length;
    const resolveWait = waiting;
    waiting = undefined;
    resolveWait(performance.now());
  });
  rpc.onRequest('client/registerCapability', () => null);
  rpc.listen();
  const next = () => new Promise((r) => (waiting = r));
  try {
    // The debounce is what an editor would wait on purpose; the benchmark measures the server's own work.
    await rpc.sendRequest('initialize', { processId: process.pid, rootUri: pathToFileURL(dir).href, capabilities: {}, initializationOptions: { debounceMs: 0 } });
    await rpc.sendNotification('initialized', {});
    const opened = next();
    const openStart = performance.now();
    await rpc.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'yaml', version: 1, text } });
    const open = (await opened) - openStart;
    const diagnostics = lastCount;
    const lines = text.split('\n');
    const edit = EDITS[editKind](lines);
    const samples = [];
    let cpuBefore;
    for (let i = 0; i < warmup + runs; i++) {
      if (i === warmup) cpuBefore = cpuMs(child.pid);
      const change = edit(i);
      const published = next();
      const start = performance.now();
      await rpc.sendNotification('textDocument/didChange', { textDocument: { uri, version: i + 2 }, contentChanges: [change] });
      const end = await published;
      if (i >= warmup) samples.push(end - start);
    }
    const cpuAfter = cpuMs(child.pid);
    const cpuPerEdit = cpuBefore !== undefined && cpuAfter !== undefined ? (cpuAfter - cpuBefore) / runs : undefined;
    return { open, diagnostics, samples, cpuPerEdit };
  } finally {
    await rpc.sendRequest('shutdown').catch(() => {});
    await rpc.sendNotification('exit').catch(() => {});
    // The server ends itself on `exit` (and only then writes a --cpu-prof profile); kill it if it lingers.
    const exited = new Promise((r) => child.once('exit', r));
    if (child.exitCode === null) await Promise.race([exited, new Promise((r) => setTimeout(r, 5000))]);
    rpc.dispose();
    child.kill();
    rmSync(dir, { recursive: true, force: true });
  }
}

console.log(`berth lsp latency: ${lineCount}-line manifest, ${documents} documents; ${runs} edits after ${warmup} warm-up, debounce off`);
console.log(`machine: ${cpus().length} × ${cpus()[0]?.model ?? 'unknown CPU'}, node ${process.version}, load average ${loadavg()[0].toFixed(1)}`);
const withClusterToo = existsSync(exampleCluster);
if (!withClusterToo) console.log('(examples/cluster.yaml not found: the placement rounds are skipped)');
for (const editKind of editKinds) {
  if (!(editKind in EDITS)) throw new Error(`--edits: unknown edit '${editKind}' (known: ${Object.keys(EDITS).join(', ')})`);
  for (const [label, withCluster] of [['no cluster', false], ...(withClusterToo ? [['with examples/cluster.yaml', true]] : [])]) {
    const { open, diagnostics, samples, cpuPerEdit } = await measure(withCluster, editKind);
    const med = median(samples);
    const cpu = cpuPerEdit === undefined ? '' : `, server CPU ${cpuPerEdit.toFixed(1)} ms per edit`;
    console.log(
      `${editKind} edit, ${label}: change → diagnostics median ${med.toFixed(1)} ms, p90 ${percentile(samples, 90).toFixed(1)} ms, ` +
        `min ${Math.min(...samples).toFixed(1)} ms${cpu} (${diagnostics} diagnostics; open, cold: ${open.toFixed(0)} ms) — ` +
        `target ≤ 50 ms warm: ${med <= 50 ? 'met' : 'MISSED'}`,
    );
  }
}
