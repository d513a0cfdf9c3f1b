import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseYaml } from '../../src/read/yaml.js';
import { yaml } from '../helpers/lint.js';

test('locates keys and values of nested paths', () => {
  const { documents, problems } = parseYaml(yaml`
    apiVersion: v1
    kind: Pod
    metadata:
      name: p
    spec:
      hostNetwork: true
      containers:
        - name: a
          image: nginx
  `, 'pod.yaml');
  assert.deepEqual(problems, []);
  const doc = documents[0]!;
  assert.deepEqual(doc.locate(['spec', 'hostNetwork']), { line: 6, column: 3, endLine: 6, endColumn: 14 });
  assert.deepEqual(doc.locate(['spec', 'hostNetwork'], 'value'), { line: 6, column: 16, endLine: 6, endColumn: 20 });
  assert.deepEqual(doc.locate(['spec', 'containers', 0, 'image']), { line: 9, column: 7, endLine: 9, endColumn: 12 });
  // A path that does not exist falls back to the deepest ancestor that does.
  assert.equal(doc.locate(['spec', 'containers', 0, 'resources', 'requests']).line, 8);
});

test('multi-document files: empty documents ignored, each keeps its index, CRLF and BOM handled', () => {
  const text = '\ufeffapiVersion: v1\r\nkind: A\r\n---\r\n---\r\napiVersion: v1\r\nkind: B\r\n';
  const { documents } = parseYaml(text, 'x.yaml');
  assert.deepEqual(documents.map((d) => [d.index, (d.value as { kind: string }).kind]), [[0, 'A'], [2, 'B']]);
  assert.equal(documents[1]!.locate(['kind']).line, 6);
});

test('an alias bomb is an error, not a hang', () => {
  const bomb = ['a: &a ["x","x","x","x","x","x","x","x","x","x"]'];
  for (let i = 1; i < 12; i++) bomb.push(`${String.fromCharCode(97 + i)}: &${String.fromCharCode(97 + i)} [${Array(10).fill('*' + String.fromCharCode(96 + i)).join(',')}]`);
  const { documents, problems } = parseYaml(bomb.join('\n') + '\n', 'bomb.yaml');
  assert.equal(documents.length, 0);
  assert.equal(problems.length, 1);
  assert.match(problems[0]!.message, /alias/i);
});

test('duplicate keys are a problem at the second key', () => {
  const { problems } = parseYaml('a: 1\nb: 2\na: 3\n', 'dup.yaml');
  assert.equal(problems.length, 1);
  assert.match(problems[0]!.message, /unique/);
  assert.equal(problems[0]!.span.line, 3);
});

test('YAML 1.1 booleans, as Kubernetes reads them', () => {
  const { documents } = parseYaml('a: yes\nb: off\nc: "yes"\n', 'b.yaml');
  assert.deepEqual(documents[0]!.value, { a: true, b: false, c: 'yes' });
});
