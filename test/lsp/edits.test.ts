import { test } from 'node:test';
import assert from 'node:assert/strict';
import { addAnnotation, appendListItem, type TextChange } from '../../src/lsp/edits.js';
import { quickFixes, taintsNamedIn } from '../../src/lsp/code-actions.js';
import { objectAtLine } from '../../src/lsp/objects.js';
import { yaml, lintYaml } from '../helpers/lint.js';

function apply(text: string, change: TextChange | undefined): string {
  assert.ok(change, 'expected an edit');
  return text.slice(0, change.offset) + change.text + text.slice(change.offset + change.length);
}

const KEY = 'ignore.berth/host-network';

test('annotation: appended to existing block annotations at their indentation', () => {
  const text = yaml`
    apiVersion: v1
    kind: Pod
    metadata:
        name: p
        annotations:
            team: payments   # owner
    spec:
        hostNetwork: true
  `;
  assert.equal(
    apply(text, addAnnotation(text, 0, [], KEY, 'node metrics')),
    text.replace('team: payments   # owner\n', 'team: payments   # owner\n        ignore.berth/host-network: "node metrics"\n'),
  );
});

test('annotation: annotations: created under metadata, with the file\'s indentation step', () => {
  const text = 'apiVersion: v1\nkind: Pod\nmetadata:\n    name: p\n    labels:\n        app: p\nspec:\n    hostNetwork: true\n';
  assert.equal(
    apply(text, addAnnotation(text, 0, [], KEY, 'why')),
    'apiVersion: v1\nkind: Pod\nmetadata:\n    name: p\n    labels:\n        app: p\n    annotations:\n        ignore.berth/host-network: "why"\nspec:\n    hostNetwork: true\n',
  );
});

test('annotation: metadata: created when the object has none (and the result suppresses the finding)', () => {
  const text = yaml`
    apiVersion: v1
    kind: Pod
    spec:
      hostNetwork: true
      containers: [{name: a, image: "a:1"}]
  `;
  const edited = apply(text, addAnnotation(text, 0, [], KEY, 'why'));
  assert.equal(edited, text + 'metadata:\n  annotations:\n    ignore.berth/host-network: "why"\n');
  assert.deepEqual(lintYaml(edited).findings.filter((f) => f.ruleId === 'host-network'), []);
});

test('annotation: empty `annotations:` and flow `{}` are filled in place', () => {
  const empty = 'kind: Pod\napiVersion: v1\nmetadata:\n  name: p\n  annotations:\nspec: {}\n';
  assert.equal(apply(empty, addAnnotation(empty, 0, [], KEY, 'r')), 'kind: Pod\napiVersion: v1\nmetadata:\n  name: p\n  annotations:\n    ignore.berth/host-network: "r"\nspec: {}\n');
  const flow = 'kind: Pod\napiVersion: v1\nmetadata:\n  name: p\n  annotations: {}\nspec: {}\n';
  assert.equal(apply(flow, addAnnotation(flow, 0, [], KEY, 'r')), 'kind: Pod\napiVersion: v1\nmetadata:\n  name: p\n  annotations: {"ignore.berth/host-network": "r"}\nspec: {}\n');
});

test('annotation: JSON manifests stay JSON', () => {
  const text = '{\n  "apiVersion": "v1",\n  "kind": "Pod",\n  "metadata": {\n    "name": "p"\n  },\n  "spec": {"hostNetwork": true}\n}\n';
  const edited = apply(text, addAnnotation(text, 0, [], KEY, 'r'));
  assert.equal(edited, '{\n  "apiVersion": "v1",\n  "kind": "Pod",\n  "metadata": {\n    "name": "p",\n    "annotations": {"ignore.berth/host-network":"r"}\n  },\n  "spec": {"hostNetwork": true}\n}\n');
  assert.deepEqual(JSON.parse(edited).metadata.annotations, { 'ignore.berth/host-network': 'r' });
});

test('annotation: the right document of a multi-document file, and the right item of a List', () => {
  const text = yaml`
    apiVersion: v1
    kind: List
    items:
      - apiVersion: v1
        kind: Pod
        metadata: {name: a}
      - apiVersion: v1
        kind: Pod
        metadata:
          name: b
    ---
    apiVersion: v1
    kind: Pod
    metadata:
      name: c
  `;
  const b = objectAtLine('f.yaml', text, 10)!;
  assert.equal(b.ref.name, 'b');
  assert.equal(apply(text, addAnnotation(text, b.doc.index, b.path, KEY, 'r')), text.replace('      name: b\n', '      name: b\n      annotations:\n        ignore.berth/host-network: "r"\n'));
  const c = objectAtLine('f.yaml', text, 14)!;
  assert.equal(c.ref.name, 'c');
  assert.equal(apply(text, addAnnotation(text, c.doc.index, c.path, KEY, 'r')), text + '  annotations:\n    ignore.berth/host-network: "r"\n');
});

test('list item: a toleration appended to an existing block list, or the list created', () => {
  const text = yaml`
    apiVersion: apps/v1
    kind: Deployment
    metadata: {name: web}
    spec:
      template:
        spec:
          tolerations:
          - key: dedicated
            operator: Exists
          containers: [{name: web, image: "nginx:1.27"}]
  `;
  const toleration = { key: 'node-role.kubernetes.io/control-plane', operator: 'Exists', effect: 'NoSchedule' };
  assert.equal(
    apply(text, appendListItem(text, 0, ['spec', 'template', 'spec'], 'tolerations', toleration)),
    text.replace('        operator: Exists\n', '        operator: Exists\n      - key: "node-role.kubernetes.io/control-plane"\n        operator: "Exists"\n        effect: "NoSchedule"\n'),
  );
  const without = text.replace('      tolerations:\n      - key: dedicated\n        operator: Exists\n', '');
  assert.equal(
    apply(without, appendListItem(without, 0, ['spec', 'template', 'spec'], 'tolerations', toleration)),
    without + '      tolerations:\n        - key: "node-role.kubernetes.io/control-plane"\n          operator: "Exists"\n          effect: "NoSchedule"\n',
  );
});

test('quick fixes: untolerated-taint offers a toleration per taint the finding names, then the annotation', () => {
  const text = yaml`
    apiVersion: apps/v1
    kind: Deployment
    metadata:
      name: web
    spec:
      template:
        spec:
          containers:
            - name: web
              image: nginx:1.27
  `;
  const object = objectAtLine('web.yaml', text, 2)!;
  const fixes = quickFixes(object, text, { ruleId: 'untolerated-taint', message: '', fix: { taints: [{ key: 'gpu', value: 'true', effect: 'NoSchedule' }] } });
  assert.deepEqual(fixes.map((f) => [f.title, f.preferred]), [
    ['Tolerate taint gpu=true:NoSchedule', true],
    ['Ignore untolerated-taint for Deployment web (annotation)', false],
  ]);
  assert.equal(
    apply(text, fixes[0]!.change),
    text + '      tolerations:\n        - key: "gpu"\n          operator: "Equal"\n          value: "true"\n          effect: "NoSchedule"\n',
  );
  // Without the taint facts there is nothing mechanical to add but the annotation.
  assert.deepEqual(quickFixes(object, text, { ruleId: 'untolerated-taint', message: 'Untolerated: dedicated=ml:NoSchedule on gpu1.' }).map((f) => f.title), ['Ignore untolerated-taint for Deployment web (annotation)']);
});

test('taintsNamedIn: only taints the snapshot has, in kubectl form, each once', () => {
  const known = [
    { key: 'nvidia.com/gpu', value: 'present', effect: 'NoSchedule' },
    { key: 'node-role.kubernetes.io/control-plane', effect: 'NoSchedule' },
    { key: 'dedicated', value: 'ml', effect: 'NoExecute' },
  ];
  const message =
    'Job train: 1 of 1 replica would stay Pending: 0/3 nodes are available: 3 node(s) had untolerated taint(s). ' +
    'Untolerated: nvidia.com/gpu=present:NoSchedule on gpu1, gpu2; node-role.kubernetes.io/control-plane:NoSchedule on master1; ' +
    'spot=true:NoSchedule on spot1; nvidia.com/gpu=present:NoSchedule on gpu3.';
  assert.deepEqual(taintsNamedIn(message, known), [known[0], known[1]]);
});

test('annotation: a CRLF file stays CRLF', () => {
  const text = 'apiVersion: v1\r\nkind: Pod\r\nmetadata:\r\n  name: p\r\nspec:\r\n  hostNetwork: true\r\n';
  assert.equal(
    apply(text, addAnnotation(text, 0, [], KEY, 'r')),
    'apiVersion: v1\r\nkind: Pod\r\nmetadata:\r\n  name: p\r\n  annotations:\r\n    ignore.berth/host-network: "r"\r\nspec:\r\n  hostNetwork: true\r\n',
  );
});
