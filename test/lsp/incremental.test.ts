import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { checkFiles, type CheckOptions, type CheckResult } from '../../src/check.js';
import { incrementalCheck, type Check } from '../../src/lsp/incremental.js';
import { documentCount, splitDocuments } from '../../src/lsp/segments.js';
import { schedulingFingerprint } from '../../src/lsp/fingerprint.js';
import { readManifests } from '../../src/read/manifests.js';
import { analyse, emptyWorkspace, type Workspace } from '../../src/lsp/workspace.js';
import { toWorkload } from '../../src/model/workload.js';
import { readCluster } from '../../src/read/cluster.js';
import type { InputFile } from '../../src/read/files.js';
import type { Finding } from '../../src/rules/rule.js';
import { yaml } from '../helpers/lint.js';
import { RULES } from '../../rules/index.js';

/** Two 2-CPU workers and a tainted GPU node. */
const snapshot = readCluster([
  {
    path: 'cluster.yaml',
    text: yaml`
      apiVersion: v1
      kind: List
      items:
        - apiVersion: v1
          kind: Node
          metadata: {name: worker1, labels: {kubernetes.io/hostname: worker1}}
          status:
            allocatable: {cpu: "2", memory: 3759112Ki, pods: "110"}
            conditions: [{type: Ready, status: "True"}]
        - apiVersion: v1
          kind: Node
          metadata: {name: worker2, labels: {kubernetes.io/hostname: worker2}}
          status:
            allocatable: {cpu: "2", memory: 3759112Ki, pods: "110"}
            conditions: [{type: Ready, status: "True"}]
        - apiVersion: v1
          kind: Node
          metadata: {name: gpu1, labels: {kubernetes.io/hostname: gpu1, pool: gpu}}
          spec:
            taints: [{key: nvidia.com/gpu, value: present, effect: NoSchedule}]
          status:
            allocatable: {cpu: "8", memory: 32Gi, pods: "110"}
            conditions: [{type: Ready, status: "True"}]
    `,
  },
]);

function deployment(name: string, replicas: number, cpu: string): string {
  return yaml`
    apiVersion: apps/v1
    kind: Deployment
    metadata:
      name: ${name}
      namespace: shop
    spec:
      replicas: ${replicas}
      selector:
        matchLabels: {app: ${name}}
      template:
        metadata:
          labels: {app: ${name}}
        spec:
          containers:
            - name: ${name}
              image: registry.example.com/shop/${name}:1.4.2
              resources:
                requests: {cpu: ${cpu}, memory: 256Mi}
  `;
}

const service = yaml`
  apiVersion: v1
  kind: Service
  metadata:
    name: web
    namespace: shop
  spec:
    selector: {app: web}
    ports: [{port: 80}]
`;

/** 3 × 500m + 2 × 1500m of CPU on two 2-CPU workers (the GPU node is tainted): the last batch replica stays Pending. */
const shop = ['# The shop: web in front, batch behind.\n', deployment('web', 3, '500m'), deployment('batch', 2, '1500m'), service].join('---\n');
/** Selects the GPU pool without tolerating its taint. */
const gpu = deployment('trainer', 1, '1').replace('    spec:\n      containers:', '    spec:\n      nodeSelector: {pool: gpu}\n      containers:');

const clusterOptions: CheckOptions = { cluster: snapshot };

function view(result: CheckResult) {
  return { findings: result.findings, summary: result.summary, placement: result.placement };
}

/** Checks `files` with both checks and asserts they agree; returns the incremental result. */
function agree(check: Check, files: InputFile[], options: CheckOptions, step: string): CheckResult {
  const incremental = check(files, options);
  assert.deepEqual(view(incremental), view(checkFiles(files, options)), `after: ${step}`);
  return incremental;
}

const placementOnly = (result: CheckResult) => result.findings.filter((f) => ['insufficient-capacity', 'untolerated-taint', 'node-selector-unsatisfiable'].includes(f.ruleId));

/** The text of the line a finding points at, from its column on: the finding must stay on the same key. */
function pointedAt(text: string, finding: Finding): string {
  return text.split('\n')[finding.location.line - 1]!.slice(finding.location.column - 1);
}

function insertLine(text: string, before: string, line: string): string {
  const at = text.indexOf(before);
  assert.ok(at >= 0, `no '${before}' in the text`);
  return text.slice(0, at) + line + '\n' + text.slice(at);
}

test('an edit that changes no scheduling input reuses the simulation, and placement findings follow the text', () => {
  const check = incrementalCheck();
  let files = [{ path: 'shop.yaml', text: shop }, { path: 'gpu.yaml', text: gpu }];
  const first = agree(check, files, clusterOptions, 'open');
  const placed = placementOnly(first);
  assert.deepEqual(placed.map((f) => f.ruleId).sort(), ['insufficient-capacity', 'node-selector-unsatisfiable', 'untolerated-taint']);

  // A comment typed above both Deployments: every finding of shop.yaml moves one line down, on the same key.
  files = [{ path: 'shop.yaml', text: insertLine(shop, 'apiVersion: apps/v1', '# owned by the shop team') }, files[1]!];
  const commented = agree(check, files, clusterOptions, 'comment');
  assert.equal(commented.simulation, first.simulation, 'the simulation was reused');
  const moved = placementOnly(commented);
  assert.equal(moved.length, placed.length);
  moved.forEach((finding, i) => {
    const before = placed[i]!;
    assert.equal(finding.message, before.message);
    assert.equal(finding.location.line, before.location.file === 'shop.yaml' ? before.location.line + 1 : before.location.line);
    assert.equal(finding.location.column, before.location.column);
    assert.equal(pointedAt(files.find((f) => f.path === finding.location.file)!.text, finding), pointedAt(finding.location.file === 'shop.yaml' ? shop : gpu, before));
  });

  // An annotation on the web Deployment: not read by the scheduler, so the same simulation again.
  const annotated = files[0]!.text.replace('  name: web\n  namespace: shop\n', '  name: web\n  namespace: shop\n  annotations: {team: shop}\n');
  files = [{ path: 'shop.yaml', text: annotated }, files[1]!];
  const withAnnotation = agree(check, files, clusterOptions, 'annotation');
  assert.equal(withAnnotation.simulation, first.simulation, 'the simulation was reused');
  assert.deepEqual(placementOnly(withAnnotation).map((f) => f.location.line), moved.map((f) => (f.location.file === 'shop.yaml' && f.location.line > 5 ? f.location.line + 1 : f.location.line)));
});

test('an edit that changes requests runs the simulation again, and the placement findings change', () => {
  const check = incrementalCheck();
  let files = [{ path: 'shop.yaml', text: shop }, { path: 'gpu.yaml', text: gpu }];
  const first = agree(check, files, clusterOptions, 'open');
  assert.ok(placementOnly(first).some((f) => f.ruleId === 'insufficient-capacity'));

  // batch asks for less: everything fits now.
  files = [{ path: 'shop.yaml', text: shop.replace('cpu: 1500m', 'cpu: 500m') }, files[1]!];
  const smaller = agree(check, files, clusterOptions, 'smaller requests');
  assert.notEqual(smaller.simulation, first.simulation);
  assert.deepEqual(placementOnly(smaller).map((f) => f.ruleId).sort(), ['node-selector-unsatisfiable', 'untolerated-taint']);

  // And back: the Pending replica (and its finding) are back too.
  files = [{ path: 'shop.yaml', text: shop }, files[1]!];
  const back = agree(check, files, clusterOptions, 'requests restored');
  assert.deepEqual(placementOnly(back), placementOnly(first));

  // One more replica of web: a scheduling input in another document of the same file.
  files = [{ path: 'shop.yaml', text: shop.replace('replicas: 3', 'replicas: 4') }, files[1]!];
  const more = agree(check, files, clusterOptions, 'replicas');
  assert.notEqual(more.simulation, back.simulation);
});

test('edit sequences: after every step the same findings, summary and placement as a full check', () => {
  const check = incrementalCheck();
  const noCluster = incrementalCheck();
  const limitRange = yaml`
    apiVersion: v1
    kind: LimitRange
    metadata: {name: defaults, namespace: shop}
    spec:
      limits:
        - type: Container
          default: {memory: 512Mi}
  `;
  const steps: [string, (files: InputFile[]) => InputFile[]][] = [
    ['open', (files) => files],
    ['suppress the Pending finding', (files) => edit(files, 'shop.yaml', (t) => t.replace('  name: batch\n', '  name: batch\n  annotations: {ignore.berth/insufficient-capacity: "capacity is added next week"}\n'))],
    ['a LimitRange in another file gives every container a memory limit', (files) => edit(files, 'gpu.yaml', (t) => `${t}---\n${limitRange}`)],
    ['the LimitRange loses its default', (files) => edit(files, 'gpu.yaml', (t) => t.replace('default: {memory: 512Mi}', 'max: {cpu: "4"}'))],
    ['the same Deployment in a second file', (files) => [...files, { path: 'copy.yaml', text: deployment('web', 1, '100m') }]],
    ['a document that does not parse', (files) => edit(files, 'shop.yaml', (t) => t.replace('replicas: 2', 'replicas: [2'))],
    ['fixed again', (files) => edit(files, 'shop.yaml', (t) => t.replace('replicas: [2', 'replicas: 2'))],
    // yaml blames the document before a stray closing bracket: the file must be read whole.
    ['a stray ] after the last document', (files) => edit(files, 'shop.yaml', (t) => `${t}---\n]\n`)],
    ['and gone again', (files) => edit(files, 'shop.yaml', (t) => t.replace(/---\n\]\n$/, ''))],
    // An unterminated quote runs on through the next `---`: the file must be read whole.
    ['an unterminated quote', (files) => edit(files, 'shop.yaml', (t) => t.replace('image: registry.example.com/shop/web:1.4.2', "image: 'registry.example.com/shop/web:1.4.2"))],
    ['closed', (files) => edit(files, 'shop.yaml', (t) => t.replace("image: 'registry.example.com/shop/web:1.4.2", "image: 'registry.example.com/shop/web:1.4.2'"))],
    ['an empty document and a comment-only one', (files) => edit(files, 'shop.yaml', (t) => `---\n${t}---\n# nothing here\n---\n`)],
    ['a document-end marker: read whole', (files) => edit(files, 'gpu.yaml', (t) => t.replace('---\n', '...\n---\n'))],
    ['CRLF line ends: read whole', (files) => edit(files, 'copy.yaml', (t) => t.replace(/\n/g, '\r\n'))],
    ['a List of two Pods', (files) => [...files, { path: 'pods.yaml', text: yaml`
      apiVersion: v1
      kind: List
      items:
        - {apiVersion: v1, kind: Pod, metadata: {name: a, namespace: shop}, spec: {containers: [{name: a, image: "busybox:1.36"}]}}
        - {apiVersion: v1, kind: Pod, metadata: {name: b, namespace: shop}, spec: {hostNetwork: true, containers: [{name: b, image: busybox}]}}
    ` }]],
    ['lines removed above every document', (files) => edit(files, 'shop.yaml', (t) => t.replace('# The shop: web in front, batch behind.\n', ''))],
    ['a comment above the trainer and its placement findings', (files) => edit(files, 'gpu.yaml', (t) => `# GPU jobs\n${t}`)],
    ['the suppression removed', (files) => edit(files, 'shop.yaml', (t) => t.replace(/  annotations: \{ignore[^\n]*\n/, ''))],
    ['a blank line above the Pending batch', (files) => edit(files, 'shop.yaml', (t) => t.replace('  name: batch\n', '\n  name: batch\n'))],
    ['the file removed', (files) => files.filter((f) => f.path !== 'copy.yaml')],
  ];
  let files: InputFile[] = [{ path: 'shop.yaml', text: shop }, { path: 'gpu.yaml', text: gpu }];
  for (const [step, change] of steps) {
    files = change(files);
    agree(check, files, clusterOptions, step);
    agree(noCluster, files, {}, `${step} (no cluster)`);
  }
});

test('typing in a document that does not parse: the server\'s analysis is the same, and the simulations are reused', () => {
  const workspaceWith = (): Workspace => ({ ...emptyWorkspace('/w'), cluster: snapshot });
  const viaFull = workspaceWith();
  const viaIncremental = workspaceWith();
  const check = incrementalCheck();
  const analyseBoth = (text: string) => {
    for (const workspace of [viaFull, viaIncremental]) workspace.open.set('/w/shop.yaml', { uri: 'file:///w/shop.yaml', path: '/w/shop.yaml', text });
    const full = analyse(viaFull);
    const incremental = analyse(viaIncremental, check);
    assert.deepEqual(incremental.byFile, full.byFile, text);
    return incremental;
  };
  analyseBoth(shop);
  // `image: [registry...` stays broken for a few keystrokes: batch's document gets a parse error and its last good version.
  const broken = ['[', '[r', '[re', '[reg'].map((typed) => shop.replace('image: registry.example.com/shop/batch', `image: ${typed}registry.example.com/shop/batch`));
  const [first, ...rest] = broken.map(analyseBoth);
  assert.ok(first!.byFile.get('/w/shop.yaml')!.some((f) => f.ruleId === 'parse-error'));
  assert.ok(first!.byFile.get('/w/shop.yaml')!.some((f) => f.ruleId === 'insufficient-capacity'), 'the last good version of batch still counts');
  for (const later of rest) assert.equal(later.result.simulation, first!.result.simulation, 'same manifests while the document stays broken: same simulation');
  analyseBoth(shop);
});

test('rule levels and a narrowed rule list are honoured, and a change of them re-checks everything', () => {
  const check = incrementalCheck();
  const files = [{ path: 'shop.yaml', text: shop }, { path: 'gpu.yaml', text: gpu }];
  agree(check, files, clusterOptions, 'defaults');
  const quiet = agree(check, files, { ...clusterOptions, ruleLevels: { 'insufficient-capacity': 'off', 'missing-probes': 'note' } }, 'levels');
  assert.ok(!quiet.findings.some((f) => f.ruleId === 'insufficient-capacity'));
  assert.ok(quiet.findings.some((f) => f.ruleId === 'missing-probes' && f.level === 'note'));
  const narrowed = agree(check, files, { ...clusterOptions, rules: RULES.filter((rule) => ['insufficient-capacity', 'latest-tag', 'parse-error'].includes(rule.id)) }, 'narrowed');
  assert.deepEqual(narrowed.findings.map((f) => f.ruleId), ['insufficient-capacity']);
});

test('splitDocuments: pieces start at their `---` line; files whose documents depend on each other are read whole', () => {
  const pieces = splitDocuments('# header\n---\na: 1\n--- # second\nb: |\n  text\n---\n');
  assert.deepEqual(pieces?.map((p) => [p.startLine, p.text]), [[1, '# header\n'], [2, '---\na: 1\n'], [4, '--- # second\nb: |\n  text\n'], [7, '---\n']]);
  assert.deepEqual(pieces?.map((p, i) => documentCount(p, i === 0)), [0, 1, 1, 1]);
  assert.equal(splitDocuments('a: 1\n  ---\nb: 2\n')?.length, 1, 'an indented --- is not a marker');
  assert.equal(splitDocuments('a: 1\n...\n---\nb: 2\n'), undefined, 'document-end marker');
  assert.equal(splitDocuments('%YAML 1.1\n---\na: 1\n'), undefined, 'directive');
  assert.equal(splitDocuments('a: 1\r\n---\r\nb: 2\r\n'), undefined, 'carriage returns');
});

test('schedulingFingerprint: annotations do not count, berth\'s suppressions and everything else do', () => {
  const fingerprint = (text: string) => {
    const object = readManifests([{ path: 'x.yaml', text }]).objects[0]!;
    return schedulingFingerprint(object, toWorkload(object));
  };
  const base = fingerprint(deployment('web', 3, '500m'));
  const withAnnotations = deployment('web', 3, '500m')
    .replace('  name: web\n', '  name: web\n  annotations: {team: shop}\n')
    .replace('      labels: {app: web}\n', '      labels: {app: web}\n      annotations: {prometheus.io/scrape: "true"}\n');
  assert.equal(fingerprint(withAnnotations), base);
  assert.notEqual(fingerprint(withAnnotations.replace('{team: shop}', '{team: shop, ignore.berth/insufficient-capacity: "next week"}')), base);
  assert.notEqual(fingerprint(deployment('web', 4, '500m')), base);
  assert.notEqual(fingerprint(deployment('web', 3, '600m')), base);
  assert.notEqual(fingerprint(deployment('web', 3, '500m').replace('{app: web}\n    spec', '{app: web, tier: front}\n    spec')), base);
  // Values JSON would merge: null and NaN, a timestamp and its ISO text.
  assert.notEqual(fingerprint('apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a}\ndata: {x: ~}\n'), fingerprint('apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a}\ndata: {x: .nan}\n'));
  assert.notEqual(fingerprint('apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a}\ndata: {x: 2024-01-02}\n'), fingerprint('apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a}\ndata: {x: "2024-01-02T00:00:00.000Z"}\n'));
});

function edit(files: InputFile[], path: string, change: (text: string) => string): InputFile[] {
  return files.map((file) => (file.path === path ? { path, text: change(file.text) } : file));
}

// Every multi-document manifest of the shared corpus, checked document by document, must give checkFiles'
// findings: a document boundary the splitter gets wrong would show up as a moved or lost finding here.
const CORPUS = join(process.cwd(), '..', 'shared', 'corpus');

test('over ../shared/corpus: the same findings and summary as a full check for every multi-document file', (t) => {
  if (!existsSync(CORPUS)) {
    t.skip(`${CORPUS} is absent: this test needs the shared corpus`);
    return;
  }
  const check = incrementalCheck();
  let compared = 0;
  for (const path of corpusFiles(CORPUS)) {
    const text = readFileSync(path, 'utf8');
    if (!/^---/m.test(text)) continue;
    const files = [{ path, text }];
    assert.deepEqual(view(check(files)), view(checkFiles(files)), path);
    compared++;
  }
  assert.ok(compared > 100, `only ${compared} multi-document files`);
});

/**
 * Damaged documents are read on their own too when their problem stays inside them (segments.ts): one random
 * damage per multi-document corpus file (seeded), and the result must be checkFiles'.
 */
test('over ../shared/corpus, one damage per multi-document file: the same findings as a full check', (t) => {
  if (!existsSync(CORPUS)) {
    t.skip(`${CORPUS} is absent: this test needs the shared corpus`);
    return;
  }
  const require = createRequire(import.meta.url);
  const junk = ['[', ']', '{', '}', '"', "'", ':', ': ', '- ', '\t', '&a ', '*a', '!t ', '#', '|', '>', '? ', ',', '%', '@', '`', '{{ x }}', '\n', '\n  ', 'key: [1, 2', '"abc', "'x\n"];
  let seed = 7;
  const random = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
  const check = incrementalCheck();
  let compared = 0;
  let broken = 0;
  for (const path of corpusFiles(CORPUS)) {
    const original = readFileSync(path, 'utf8');
    if (!/^---/m.test(original) || original.length > 60_000) continue;
    const lines = original.split('\n');
    const at = Math.floor(random() * lines.length);
    const line = lines[at]!;
    const column = Math.floor(random() * (line.length + 1));
    const kind = random();
    if (kind < 0.6) lines[at] = line.slice(0, column) + junk[Math.floor(random() * junk.length)] + line.slice(column);
    else if (kind < 0.8) lines[at] = line.slice(0, column) + line.slice(column + 1 + Math.floor(random() * 5));
    else lines.splice(at, 1);
    const text = lines.join('\n');
    const files = [{ path, text }];
    const full = checkFiles(files);
    assert.deepEqual(view(check(files)), view(full), `${path} damaged at line ${at + 1}`);
    compared++;
    if (full.findings.some((f) => f.ruleId === 'parse-error')) broken++;
  }
  assert.ok(compared > 500 && broken > 200, `${compared} files compared, ${broken} with a parse error`);
});

function corpusFiles(dir: string, out: string[] = []): string[] {
  for (const name of readdirSync(dir).sort()) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) {
      if (name !== 'nodes') corpusFiles(path, out);
    } else if (/\.(ya?ml|json)$/i.test(name)) out.push(path);
  }
  return out;
}
