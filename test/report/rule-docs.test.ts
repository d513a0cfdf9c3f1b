import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { PACKAGE_ROOT } from '../../src/meta.js';
import { formatRuleList, messageExample, rulesMarkdown, type RuleMetadata } from '../../src/report/rule-docs.js';
import { RULES } from '../../rules/index.js';

test('docs/rules.md is generated from the current rule metadata', () => {
  const committed = readFileSync(join(PACKAGE_ROOT, 'docs', 'rules.md'), 'utf8');
  assert.ok(committed === rulesMarkdown(RULES), 'docs/rules.md is out of date with rules/*.ts: run `npm run docs` and commit docs/rules.md');
});

test('every rule has a section whose heading anchor is the fragment of its helpUri', () => {
  const markdown = rulesMarkdown(RULES);
  const headings = [...markdown.matchAll(/^## (.+)$/gm)].map((m) => m[1]);
  assert.deepEqual(headings, RULES.map((r) => r.id));
  for (const rule of RULES) {
    const fragment = new URL(rule.helpUri).hash.slice(1);
    // GitHub's heading anchor: lower-cased, punctuation except '-' and '_' dropped, spaces to '-'.
    const anchor = rule.id.toLowerCase().replace(/[^\w\- ]/g, '').replace(/ /g, '-');
    assert.equal(fragment, anchor, `${rule.id}: helpUri fragment`);
    assert.match(rule.helpUri, /\/docs\/rules\.md#/);
    assert.ok(markdown.includes(`| [${rule.id}](#${rule.id}) | ${rule.level} |`), `${rule.id}: index row`);
  }
});

test('each section has the level, description, details and the message texts', () => {
  const hostNetwork = RULES.find((r) => r.id === 'host-network')!;
  const markdown = rulesMarkdown([hostNetwork]);
  const section = markdown.slice(markdown.indexOf('## host-network'));
  assert.match(section, /\*\*Default level:\*\* warning/);
  assert.ok(section.includes(`${hostNetwork.description}.`));
  assert.ok(section.includes(hostNetwork.details!));
  assert.match(section, /Example message:\n\n- `<kind> <name> runs on the host network/);
});

test('message templates show their placeholders', () => {
  assert.equal(messageExample('{{kind}} {{ name }} uses `:latest`'), '`` <kind> <name> uses `:latest` ``');
  assert.equal(messageExample('{{field}}: unknown field'), '`<field>: unknown field`');
});

test('berth rules --format json lists the metadata of every rule', () => {
  const listed = JSON.parse(formatRuleList(RULES, 'json')) as RuleMetadata[];
  assert.deepEqual(listed.map((r) => r.id), RULES.map((r) => r.id));
  const parseError = listed.find((r) => r.id === 'parse-error')!;
  assert.equal(parseError.level, 'error');
  assert.equal(parseError.needs, 'manifests');
  assert.deepEqual(Object.keys(parseError.messages), ['parse']);
  assert.match(parseError.helpUri, /#parse-error$/);
});

test('berth rules --format text prints one aligned line per rule', () => {
  const lines = formatRuleList(RULES, 'text').trimEnd().split('\n');
  assert.equal(lines.length, RULES.length);
  assert.match(lines.find((l) => l.startsWith('host-network'))!, /^host-network {19}warning {2}Pod uses the node's network namespace/);
});

test('`berth rules --format markdown` (what `npm run docs` runs) prints the generated page; bad formats are usage errors', () => {
  const main = fileURLToPath(new URL('../../src/cli/main.js', import.meta.url));
  const markdown = spawnSync(process.execPath, [main, 'rules', '--format', 'markdown'], { encoding: 'utf8' });
  assert.equal(markdown.status, 0, markdown.stderr);
  assert.equal(markdown.stdout, rulesMarkdown(RULES));
  const json = spawnSync(process.execPath, [main, 'rules', '-f', 'json'], { encoding: 'utf8' });
  assert.deepEqual((JSON.parse(json.stdout) as RuleMetadata[]).map((r) => r.id), RULES.map((r) => r.id));
  const bad = spawnSync(process.execPath, [main, 'rules', '--format', 'html'], { encoding: 'utf8' });
  assert.equal(bad.status, 2);
  assert.match(bad.stderr, /argument 'html' is invalid/);
});
