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

// ---------------------------------------------------------------------------------------------------------
// The fast reader (src/read/yaml-fast.ts) against yaml's full parser. Every case states whether the fast
// reader takes it (`fast: true`) or must hand it to yaml (`fast: false`); either way the values must be
// exactly what yaml's parseAllDocuments(..., { version: '1.1' }).toJS() gives.

import { readFileSync, readdirSync, statSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { locateInTree, locatePath, readFast, recordPositions } from '../../src/read/yaml-fast.js';
import { resolvePlain } from '../../src/read/yaml-scalars.js';
import type { ParsedFile } from '../../src/read/yaml.js';

function valuesOf(parsed: ParsedFile): [number, unknown][] {
  return parsed.documents.map((d) => [d.index, d.value]);
}

/** Parses with both readers, asserts they agree, and returns berth's result. */
function both(text: string, fast: boolean): ParsedFile {
  const accepted = readFast(text.replace(/^\ufeff/, '')) !== undefined;
  assert.equal(accepted, fast, `fast reader ${accepted ? 'took' : 'refused'} ${JSON.stringify(text)}`);
  const berth = parseYaml(text, 'f.yaml');
  const reference = parseYaml(text, 'f.yaml', { reader: 'yaml' });
  assert.deepEqual(valuesOf(berth), valuesOf(reference), JSON.stringify(text));
  // berth points an unterminated quote at its opening quote; yaml notices it where the text ends.
  const unquote = (p: ParsedFile) => p.problems.map((q) => (/^Missing closing/.test(q.message) ? q.message : q));
  assert.deepEqual(unquote(berth), unquote(reference), JSON.stringify(text));
  berth.problems.forEach((q, i) => assert.ok(q.span.line <= reference.problems[i]!.span.line));
  return berth;
}

function valueOf(text: string, fast = true): unknown {
  const parsed = both(text, fast);
  assert.equal(parsed.documents.length, 1, JSON.stringify(text));
  return parsed.documents[0]!.value;
}

test('plain scalars resolve as YAML 1.1 does (Kubernetes reads them through go-yaml)', () => {
  const table: [string, unknown][] = [
    ['yes', true], ['Yes', true], ['YES', true], ['on', true], ['ON', true], ['y', true], ['True', true],
    ['no', false], ['off', false], ['Off', false], ['n', false], ['N', false], ['FALSE', false],
    ['~', null], ['null', null], ['Null', null], ['NULL', null],
    ['1', 1], ['-1', -1], ['+12', 12], ['0', 0], ['1_000', 1000], ['017', 15], ['08', 8], ['0x1F', 31], ['0b101', 5],
    ['1.5', 1.5], ['.5', 0.5], ['1.', 1], ['1e3', 1000], ['-1.5E-2', -0.015], ['.inf', Infinity], ['-.Inf', -Infinity],
    ['.nan', NaN], ['e5', NaN], // yaml's 1.1 float pattern makes the mantissa optional
    ['nginx', 'nginx'], ['yesterday', 'yesterday'], ['nulls', 'nulls'], ['0o7', '0o7'], ['1.2.3', '1.2.3'],
    ['v1', 'v1'], ['100m', '100m'], ['128Mi', '128Mi'], ['http://x:80/y', 'http://x:80/y'], ['a#b', 'a#b'],
    ['-dash', '-dash'], ['a b  c', 'a b  c'], ['ünïcode', 'ünïcode'], ['x[b]', 'x[b]'],
  ];
  for (const [text, want] of table) assert.deepEqual(valueOf(`a: ${text}\n`), { a: want }, text);
});

test('quoted scalars stay strings; escapes and folding as yaml reads them', () => {
  assert.deepEqual(valueOf(`a: "yes"\nb: '1'\nc: "~"\nd: ''\ne: ""\n`), { a: 'yes', b: '1', c: '~', d: '', e: '' });
  assert.deepEqual(valueOf(`a: 'it''s'\n`), { a: "it's" });
  assert.deepEqual(valueOf('a: "\\x41\\u00e9\\n\\t\\"\\\\\\/ \\_"\n'), { a: 'Aé\n\t"\\/ \u00a0' });
  assert.deepEqual(valueOf('a: "one\n  two\n\n  three"\n'), { a: 'one two\nthree' });
  assert.deepEqual(valueOf('a: "x\\\n   y"\n'), { a: 'xy' });
  assert.deepEqual(valueOf("a: 'one\n  two  \n  three'\n"), { a: 'one two three' });
  assert.deepEqual(valueOf('a: "trailing  "\n'), { a: 'trailing  ' });
  // An unknown escape is yaml's error to report.
  assert.equal(both('a: "\\q"\n', false).problems.length, 1);
});

test('multi-line plain scalars fold like yaml', () => {
  assert.deepEqual(valueOf('a: one\n  two\n\n  three\nb: x\n'), { a: 'one two\nthree', b: 'x' });
  assert.deepEqual(valueOf('a:\n  foo\n  bar\n'), { a: 'foo bar' });
  assert.deepEqual(valueOf('- foo\n\n\n  bar\n- baz\n'), ['foo\n\nbar', 'baz']);
  assert.deepEqual(valueOf('a: b # comment\n'), { a: 'b' });
  assert.deepEqual(valueOf('a: b\n  - c\n'), { a: 'b - c' });
  // A continuation line with `: ` in it is a key on a second line: an error yaml reports.
  assert.equal(both('a: b\n  c: d\n', false).problems.length, 1);
});

test('block scalars: literal, folded, chomping, indentation indicators', () => {
  assert.deepEqual(valueOf('a: |\n  x\n   y\n\n  z\n\n\nb: 1\n'), { a: 'x\n y\n\nz\n', b: 1 });
  assert.deepEqual(valueOf('a: |-\n  x\n\n'), { a: 'x' });
  assert.deepEqual(valueOf('a: >\n\n  x\n  y\n\n\n  z\n'), { a: '\nx y\n\nz\n' });
  assert.deepEqual(valueOf('a: >-\n  one\n    two\n  three\n'), { a: 'one\n  two\nthree' });
  assert.deepEqual(valueOf('a: |2\n    x\n  y\n'), { a: '  x\ny\n' });
  assert.deepEqual(valueOf('a: |\nb: 1\n'), { a: '', b: 1 });
  assert.deepEqual(valueOf('- |\n  #!/bin/sh\n  echo "a: b" # not a comment\n- >-\n  x\n'), ['#!/bin/sh\necho "a: b" # not a comment\n', 'x']);
  assert.deepEqual(valueOf('a: | # comment\n  x\n'), { a: 'x\n' });
  // `+` (keep) chomping is left to yaml, with the same result.
  assert.deepEqual(valueOf('a: |+\n  x\n\nb: 1\n', false), { a: 'x\n\n', b: 1 });
});

test('block and flow collections, compact sequences, JSON', () => {
  assert.deepEqual(valueOf('a:\n- 1\n- 2\nb: x\n'), { a: [1, 2], b: 'x' });
  assert.deepEqual(valueOf('- - a\n  - b\n- c: 1\n  d: 2\n-\n- []\n'), [['a', 'b'], { c: 1, d: 2 }, null, []]);
  assert.deepEqual(valueOf('a: [1, {b: c}, [d], "e, f",]\nz: {}\n'), { a: [1, { b: 'c' }, ['d'], 'e, f'], z: {} });
  assert.deepEqual(valueOf('a: {x: 1, y: 2}\n'), { a: { x: 1, true: 2 } }); // `y` is a boolean in YAML 1.1
  assert.deepEqual(valueOf('a: [\n  1, # one\n  2\n]\n'), { a: [1, 2] });
  assert.deepEqual(valueOf('{\n  "apiVersion": "v1",\n  "kind": "List",\n  "items": [{"a":1}, {"b": [true, null, 1.5e3]}]\n}\n'), {
    apiVersion: 'v1', kind: 'List', items: [{ a: 1 }, { b: [true, null, 1500] }],
  });
  assert.deepEqual(valueOf('a: {b: , c: 1}\n'), { a: { b: null, c: 1 } });
  assert.deepEqual(valueOf('"quoted key": 1\n\'single\': 2\n'), { 'quoted key': 1, single: 2 });
  // A flow collection whose lines are not indented under their key is yaml's error.
  assert.equal(both('a:\n  b: [\n  1]\n', false).problems.length, 1);
});

test('keys become the strings toJS makes of them', () => {
  assert.deepEqual(valueOf('yes: 1\n1: a\nnull: x\n2.0: f\n0x10: h\n'), { true: 1, 1: 'a', '': 'x', 2: 'f', 16: 'h' });
  // `1` and `1.0` are the same key to yaml (and to JavaScript): a duplicate, which yaml reports.
  assert.equal(both('1: a\n1.0: b\n', false).problems.length, 1);
  assert.deepEqual(valueOf('a b: 1\na:b: 2\n'), { 'a b': 1, 'a:b': 2 });
});

test('documents: markers, comments, empty documents and their indexes', () => {
  assert.deepEqual(valueOf('# only a comment\n---\na: 1\n...\n# trailing\n'), { a: 1 });
  const parsed = both('a: 1\n---\n---\n# nothing\n--- # c\nb: 2\n...\n---\nc: 3\n---\n', true);
  assert.deepEqual(valuesOf(parsed), [[0, { a: 1 }], [3, { b: 2 }], [4, { c: 3 }]]);
  assert.deepEqual(both('', true).documents, []);
  assert.deepEqual(both('# just comments\n\n', true).documents, []);
  assert.deepEqual(valuesOf(both('---\n~\n', true)), []);
  assert.deepEqual(valuesOf(both('just text\n', true)), [[0, 'just text']]);
});

test('an indented `...` or `---` is not a document marker', () => {
  for (const text of ['a:\n  b: x\n ...\n     c: y\n', 'a:\n  b: x\n ---\n', 'a:\n  - x\n  ...\n']) {
    assert.equal(both(text, false).problems.length, 1, JSON.stringify(text));
  }
  assert.deepEqual(valueOf('a: x\n ...\n'), { a: 'x ...' });
});

test('anchors, aliases, merge keys and tags are read by yaml, with YAML 1.1 merges', () => {
  const merged = valueOf('base: &b {cpu: 1, mem: 2}\nd:\n  <<: *b\n  mem: 3\nlist: [*b]\n', false);
  assert.deepEqual(merged, { base: { cpu: 1, mem: 2 }, d: { cpu: 1, mem: 3 }, list: [{ cpu: 1, mem: 2 }] });
  assert.deepEqual(valueOf('a: !!str 1\nb: !!int "3"\nc: !!bool "yes"\n', false), { a: '1', b: 3, c: true });
});

test('CRLF and BOM: same values and positions as yaml', () => {
  const text = '\ufeffa: 1\r\nb:\r\n  c: "x"\r\n  d: |\r\n    line\r\n';
  const parsed = both(text, false); // the fast reader takes the LF form, see the next test
  assert.deepEqual(parsed.documents[0]!.value, { a: 1, b: { c: 'x', d: 'line\n' } });
  assert.deepEqual(parsed.documents[0]!.locate(['b', 'c'], 'value'), { line: 3, column: 6, endLine: 3, endColumn: 9 });
});

test('CRLF files take the fast path through their LF form, with yaml\'s values and positions', () => {
  const text = 'a: one\r\n  two\r\nb: "x\r\n  y"\r\nc: >-\r\n  folded\r\n  text\r\nd: [1,\r\n  2]\r\n';
  const berth = parseYaml(text, 'f.yaml');
  const reference = parseYaml(text, 'f.yaml', { reader: 'yaml' });
  assert.deepEqual(valuesOf(berth), valuesOf(reference));
  assert.deepEqual(berth.documents[0]!.value, { a: 'one two', b: 'x y', c: 'folded text', d: [1, 2] });
  for (const key of ['a', 'b', 'c', 'd']) {
    assert.deepEqual(berth.documents[0]!.locate([key]), reference.documents[0]!.locate([key]), key);
  }
  assert.deepEqual(berth.documents[0]!.locate(['a'], 'value'), reference.documents[0]!.locate(['a'], 'value'));
  // A lone CR (old Mac line ends) is yaml's to read, and so is a BOM inside the text (files joined with cat).
  assert.equal(readFast('a: 1\rb: 2\n'), undefined);
  assert.deepEqual(valuesOf(both('a: 1\n---\n\ufeffb: 2\n', false)), valuesOf(parseYaml('a: 1\n---\n\ufeffb: 2\n', 'f', { reader: 'yaml' })));
});

test('errors are one problem at the failing line, worded by yaml', () => {
  const cases: [string, number, RegExp][] = [
    ['a: 1\nb: "unterminated\nc: 3\n', 2, /quote/i],
    ['a: 1\n  b: 2\n', 1, /./],
    ['spec:\n\tcontainers: []\n', 2, /tab/i],
    ['metadata:\n  name: {{ .Values.name }}\n', 2, /collection/],
    ['{{ .Values.x }}: 1\n', 1, /collection/],
    ['a: 1\nb: 2\na: 3\n', 3, /unique/],
    ['- a\nb: 1\n', 2, /./],
  ];
  for (const [text, line, message] of cases) {
    const parsed = both(text, false);
    assert.equal(parsed.problems.length, 1, JSON.stringify(text));
    assert.equal(parsed.problems[0]!.span.line, line, JSON.stringify(text));
    assert.match(parsed.problems[0]!.message, message);
    assert.doesNotMatch(parsed.problems[0]!.message, /\n/);
  }
});

test('hostile nesting is one problem, never a stack overflow', () => {
  const deepFlow = 'a: ' + '['.repeat(100_000) + ']'.repeat(100_000) + '\n';
  const deepBlock = Array.from({ length: 3000 }, (_, i) => ' '.repeat(i) + 'k:').join('\n') + ' v\n';
  for (const text of [deepFlow, deepBlock, 'x:\t1\n' + deepFlow, 'x:\t1\n' + deepBlock]) {
    const parsed = parseYaml(text, 'deep.yaml');
    assert.deepEqual(parsed.documents, []);
    assert.equal(parsed.problems.length, 1);
    assert.match(parsed.problems[0]!.message, /nested/);
  }
  assert.equal(parseYaml(deepFlow, 'deep.yaml').problems[0]!.span.line, 1);
  assert.equal(parseYaml(deepBlock, 'deep.yaml').problems[0]!.span.line, 501);
  // Realistic depth (CRD schemas reach ~40 levels) is read normally.
  const fifty = Array.from({ length: 50 }, (_, i) => ' '.repeat(2 * i) + 'k:').join('\n') + ' v\n';
  assert.equal(both(fifty, true).documents.length, 1);
});

test('fast-read documents locate keys, values, items and flow entries exactly as yaml does', () => {
  const text = yaml`
    apiVersion: apps/v1
    kind: Deployment
    metadata:
      name: web
      labels: {app: web, "tier": front}
    spec:
      template:
        spec:
          hostNetwork: true # why not
          containers:
          - name: a
            image: "nginx:1.25"
            args: [--port, "8080"]
            command:
              - /bin/sh
            env:
            script: |
              echo hi
  `;
  const fast = both(text, true).documents[0]!;
  const reference = parseYaml(text, 'f.yaml', { reader: 'yaml' }).documents[0]!;
  const paths: (readonly (string | number)[])[] = [
    ['kind'], ['metadata', 'name'], ['metadata', 'labels', 'app'], ['metadata', 'labels', 'tier'],
    ['spec', 'template', 'spec', 'hostNetwork'], ['spec', 'template', 'spec', 'containers', 0, 'image'],
    ['spec', 'template', 'spec', 'containers', 0, 'args', 1], ['spec', 'template', 'spec', 'containers', 0, 'command', 0],
    ['spec', 'template', 'spec', 'containers', 0, 'env'], ['spec', 'template', 'spec', 'containers', 0, 'script'],
    ['spec', 'template', 'spec', 'containers', 0, 'resources', 'limits'], ['nope'],
  ];
  for (const path of paths) {
    for (const part of ['key', 'value'] as const) {
      if (part === 'value' && path[path.length - 1] === 'env') continue; // an empty value's span is yaml's own choice
      assert.deepEqual(fast.locate(path, part), reference.locate(path, part), `${path.join('.')} ${part}`);
    }
  }
  assert.deepEqual(fast.locate(['spec', 'template', 'spec', 'hostNetwork']), { line: 9, column: 7, endLine: 9, endColumn: 18 });
  assert.deepEqual(fast.locate(['spec', 'template', 'spec', 'containers', 0, 'image'], 'value'), { line: 12, column: 16, endLine: 12, endColumn: 28 });
});

test('a key the old reader could not find (`"404":` read back as a number) is located', () => {
  const doc = both('data:\n  "404": x\n  500: y\n', true).documents[0]!;
  assert.equal(doc.locate(['data', '404']).line, 2);
  assert.equal(doc.locate(['data', '500']).line, 3);
});

// A deterministic fuzz: random manifest-like YAML in many styles, half of it damaged by a random edit. The
// fast reader must never accept what yaml rejects, and must produce yaml's values whenever it accepts.
test('fuzz: the fast reader agrees with yaml or refuses', () => {
  let seed = 20261122;
  const random = () => ((seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
  const scalars = ['nginx', 'yes', 'off', 'y', 'null', '~', '1', '-1', '0x1F', '017', '1_000', '1.5', '1e3', 'e5', '.inf',
    '2020-01-02', '2020-01-02T03:04:05Z', '12:30', 'a b c', 'http://x:80/y', 'a#b', 'x: y', "it's", 'say "hi"', '',
    ' lead', 'trail ', 'multi\nline', 'back\\slash', '-dash', '[b]', '{c}', 'a, b', '@at', '!bang', '&amp', '*star', '#hash', '<<', '.'];
  const keys = ['name', 'image', 'a b', 'yes', '1', 'null', 'x.y/z', '"q"', "'s'", 'ports', 'a:b', '1.0'];
  type V = { s: string } | { m: [string, V][] } | { a: V[] };
  const value = (depth: number): V => {
    const r = random();
    if (depth > 3 || r < 0.4) return { s: pick(scalars) };
    const n = 1 + Math.floor(random() * 3);
    if (r < 0.7) return { m: Array.from({ length: n }, () => [pick(keys), value(depth + 1)] as [string, V]) };
    return { a: Array.from({ length: n - 1 }, () => value(depth + 1)) };
  };
  const scalar = (s: string, indent: number): string => {
    const r = random();
    if (r < 0.45) return s;
    if (r < 0.65) return JSON.stringify(s);
    if (r < 0.8) return `'${s.replace(/'/g, "''")}'`;
    const pad = ' '.repeat(indent + 2);
    if (r < 0.9) return pick(['|', '|-', '>', '>-', '|2']) + '\n' + s.split('\n').map((l) => (l ? pad + l : '')).join('\n');
    return s.split(' ').join('\n' + pad);
  };
  const flow = (v: V): string =>
    's' in v ? (random() < 0.5 ? JSON.stringify(v.s) : v.s.replace(/\n/g, ' '))
      : 'm' in v ? '{' + v.m.map(([k, x]) => `${k}: ${flow(x)}`).join(pick([', ', ',\n    '])) + '}'
        : '[' + v.a.map(flow).join(', ') + ']';
  const block = (v: V, indent: number): string => {
    if ('s' in v) return ' ' + scalar(v.s, indent - 2) + '\n';
    if (random() < 0.12) return ' ' + flow(v) + '\n';
    if ('m' in v) return '\n' + v.m.map(([k, x]) => ' '.repeat(indent) + k + ':' + block(x, indent + 2)).join('');
    if (v.a.length === 0) return ' []\n';
    const at = random() < 0.3 ? Math.max(0, indent - 2) : indent;
    return '\n' + v.a.map((x) => ' '.repeat(at) + '-' + block(x, at + 2).replace(/^\n\s*/, ' ')).join('');
  };
  let accepted = 0;
  for (let n = 0; n < 1500; n++) {
    const docs = Array.from({ length: 1 + Math.floor(random() * 2) }, () =>
      block({ m: Array.from({ length: 1 + Math.floor(random() * 4) }, () => [pick(keys), value(1)] as [string, V]) }, 0).replace(/^\n/, ''));
    let text = docs.join(pick(['---\n', '...\n---\n', '--- # x\n']));
    if (random() < 0.5) {
      const at = Math.floor(random() * text.length);
      text = random() < 0.3 ? text.slice(0, at) + text.slice(at + 1) : text.slice(0, at) + pick([' ', ':', '-', '\n', '"', '#', '{', ',', '&a ', '*a', '? ']) + text.slice(at);
    }
    const fast = readFast(text);
    both(text, fast !== undefined);
    if (!fast) continue;
    accepted++;
    // The text walk behind locate() agrees with the recorded tree on every path, and one step past it.
    for (const doc of fast) {
      if (doc.value === null) continue;
      const tree = recordPositions(text, doc.rootStart);
      const paths: (string | number)[][] = [];
      const walk = (value: unknown, path: (string | number)[]) => {
        paths.push(path, [...path, 0], [...path, 'name']);
        if (Array.isArray(value)) value.forEach((item, i) => walk(item, [...path, i]));
        else if (value && typeof value === 'object' && !(value instanceof Date)) for (const [k, item] of Object.entries(value)) walk(item, [...path, k]);
      };
      walk(doc.value, []);
      for (const path of paths) for (const part of ['key', 'value'] as const) {
        assert.deepEqual(locatePath(text, doc.rootStart, path, part), locateInTree(tree, path, part), `${JSON.stringify(text)} ${path.join('.')} ${part}`);
      }
    }
  }
  assert.ok(accepted > 250, `the fast reader took only ${accepted} of 1500 cases`);
});

/** Keys that are strings in YAML as well: the reference lookup cannot find `80:` or `yes:` by their JS key. */
function isPlainStringKey(key: string): boolean {
  try {
    return resolvePlain(key) === key;
  } catch {
    return false;
  }
}

const CORPUS = join(process.cwd(), '..', 'shared', 'corpus');

function corpusFiles(dir: string, out: string[] = []): string[] {
  for (const name of readdirSync(dir).sort()) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) corpusFiles(path, out);
    else if (/\.(ya?ml|json)$/i.test(name)) out.push(path);
  }
  return out;
}

test('differential over ../shared/corpus: values identical to yaml, positions of keys identical', (t) => {
  if (!existsSync(CORPUS)) {
    t.skip(`${CORPUS} is absent: the corpus differential test needs the shared corpus`);
    return;
  }
  let fastFiles = 0;
  let checkedKeys = 0;
  let checkedWalks = 0;
  const files = corpusFiles(CORPUS);
  for (const file of files) {
    const text = readFileSync(file, 'utf8');
    const berth = parseYaml(text, file);
    const reference = parseYaml(text, file, { reader: 'yaml' });
    assert.deepEqual(valuesOf(berth), valuesOf(reference), file);
    assert.deepEqual(berth.problems, reference.problems, file);
    if (!readFast(text.replace(/^\ufeff/, '').replace(/\r\n/g, '\n'))) continue;
    fastFiles++;
    // Keys along the first few paths of each document, and the scalar values under them.
    berth.documents.forEach((doc, i) => {
      const other = reference.documents[i]!;
      let budget = 40;
      const walk = (value: unknown, path: (string | number)[]) => {
        if (budget-- <= 0) return;
        if (Array.isArray(value)) value.forEach((item, n) => walk(item, [...path, n]));
        else if (value && typeof value === 'object' && !(value instanceof Date)) {
          for (const [key, item] of Object.entries(value)) {
            // yaml's own lookup only finds keys that are strings in YAML too (not `80:` or `yes:`).
            if (!isPlainStringKey(key)) continue;
            const at = [...path, key];
            assert.deepEqual(doc.locate(at), other.locate(at), `${file} ${at.join('.')}`);
            walkedPaths.push(at);
            if (item === null || typeof item !== 'object') assert.deepEqual(doc.locate(at, 'value'), other.locate(at, 'value'), `${file} ${at.join('.')} value`);
            checkedKeys++;
            walk(item, at);
          }
        }
      };
      const walkedPaths: (string | number)[][] = [[]];
      walk(doc.value, []);
      // The text walk (locatePath) and the recorded tree agree everywhere, missing paths included.
      const lf = text.replace(/^\ufeff/, '').replace(/\r\n/g, '\n');
      const rootStart = readFast(lf)!.find((d) => d.index === doc.index)!.rootStart;
      const tree = recordPositions(lf, rootStart);
      for (const path of [...walkedPaths, ...walkedPaths.slice(0, 5).map((p) => [...p, 'missing', 0]), ...walkedPaths.slice(0, 5).map((p) => [...p, 3])]) {
        for (const part of ['key', 'value'] as const) {
          assert.deepEqual(locatePath(lf, rootStart, path, part), locateInTree(tree, path, part), `${file} ${path.join('.')} ${part}`);
          checkedWalks++;
        }
      }
    });
  }
  t.diagnostic(`${files.length} files, ${fastFiles} read by the fast reader, ${checkedKeys} key positions compared with yaml, ${checkedWalks} text walks with recorded trees`);
  assert.ok(fastFiles > files.length * 0.9, `only ${fastFiles} of ${files.length} files took the fast path`);
});

// Real files, damaged: one or two random edits (a deleted character, an inserted indicator, a shifted line)
// in small corpus files. The fast reader must refuse whatever yaml rejects and agree on everything else.
test('fuzz over damaged corpus files: the fast reader agrees with yaml or refuses', (t) => {
  if (!existsSync(CORPUS)) {
    t.skip(`${CORPUS} is absent: this fuzz test needs the shared corpus`);
    return;
  }
  const small = corpusFiles(CORPUS).filter((f) => /\.ya?ml$/.test(f) && statSync(f).size < 12_000);
  let seed = 0x5eed;
  const random = () => {
    seed ^= seed << 13;
    seed ^= seed >>> 17;
    seed ^= seed << 5;
    return ((seed >>> 0) % 1e9) / 1e9;
  };
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
  const inserts = [' ', '  ', ':', ': ', '-', '- ', '\n', '\n  ', '"', "'", '#', ' #', '{', '}', '[', ']', ',', '|', '>', '?', '*', '&', '!', '%', '@', '`', '\\', '---\n', '...\n', ' ...', 'yes', '0x', '~'];
  let accepted = 0;
  for (let n = 0; n < 800; n++) {
    let text = readFileSync(pick(small), 'utf8').replace(/^\ufeff/, '').replace(/\r\n/g, '\n');
    for (let edits = 1 + Math.floor(random() * 2); edits > 0; edits--) {
      const at = Math.floor(random() * text.length);
      const r = random();
      if (r < 0.3) text = text.slice(0, at) + text.slice(at + 1);
      else if (r < 0.8) text = text.slice(0, at) + pick(inserts) + text.slice(at);
      else {
        const nl = text.indexOf('\n', at);
        if (nl > 0) text = text.slice(0, nl + 1) + ' '.repeat(1 + Math.floor(random() * 3)) + text.slice(nl + 1);
      }
    }
    const fast = readFast(text);
    both(text, fast !== undefined);
    if (fast) accepted++;
  }
  t.diagnostic(`${accepted} of 800 damaged files still taken by the fast reader, all identical to yaml`);
  assert.ok(accepted > 200);
});
