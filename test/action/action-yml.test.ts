/**
 * action.yml checked by GitHub's own parser (@actions/workflow-parser, the one behind the Actions language
 * service). Its ESM entry imports JSON without an import attribute, which Node rejects, so the test bundles
 * the parser with esbuild into a temporary directory first.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import * as esbuild from 'esbuild';
import { PACKAGE_ROOT } from '../../src/meta.js';
import { INPUT_DEFAULTS } from '../../src/action/inputs.js';

interface ParsedAction {
  errors: string[];
  template?: {
    name: string;
    description: string;
    inputs?: { id: string; description?: string; required?: boolean; default?: { value: unknown } }[];
    outputs?: { id: string; description?: string }[];
    runs: { using: string; main?: string };
  };
}

async function loadParser(): Promise<(name: string, content: string) => ParsedAction> {
  const dir = mkdtempSync(join(tmpdir(), 'berth-workflow-parser-'));
  try {
    const entry = join(dir, 'entry.mjs');
    writeFileSync(
      entry,
      `import { parseAction, convertActionTemplate } from '@actions/workflow-parser/actions/index';
       import { NoOperationTraceWriter } from '@actions/workflow-parser';
       export function parse(name, content) {
         const result = parseAction({ name, content }, new NoOperationTraceWriter());
         const template = result.value ? convertActionTemplate(result.context, result.value) : undefined;
         return { errors: result.context.errors.getErrors().map((e) => e.message), template };
       }`,
    );
    const outfile = join(dir, 'parser.mjs');
    await esbuild.build({ entryPoints: [entry], bundle: true, platform: 'node', format: 'esm', outfile,
      nodePaths: [join(PACKAGE_ROOT, 'node_modules')],
      logLevel: 'silent',
      // Its CommonJS dependencies (yaml) require Node built-ins; an ES module has no require of its own.
      banner: { js: "import { createRequire } from 'node:module'; const require = createRequire(import.meta.url);" },
    });
    const module = (await import(pathToFileURL(outfile).href)) as { parse: (name: string, content: string) => ParsedAction };
    return module.parse;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const parse = await loadParser();
const ACTION_YML = readFileSync(join(PACKAGE_ROOT, 'action.yml'), 'utf8');

test('GitHub\'s parser accepts action.yml: a node24 action whose main is the committed bundle', () => {
  const parsed = parse('action.yml', ACTION_YML);
  assert.deepEqual(parsed.errors, []);
  assert.equal(parsed.template!.name, 'berth');
  assert.equal(parsed.template!.runs.using, 'node24');
  assert.equal(parsed.template!.runs.main, 'dist-action/index.mjs');
  assert.ok(existsSync(join(PACKAGE_ROOT, parsed.template!.runs.main!)));
});

test('inputs and outputs are exactly the documented ones, each described, inputs with the defaults the code assumes', () => {
  const template = parse('action.yml', ACTION_YML).template!;
  const inputs = template.inputs!;
  assert.deepEqual(inputs.map((i) => i.id), ['paths', 'cluster', 'config', 'fail-on', 'sarif-file', 'annotations', 'summary', 'only-changed']);
  for (const input of inputs) {
    assert.ok((input.description ?? '').length > 20, `input ${input.id} needs a description`);
    assert.equal(input.required, false, input.id);
    assert.equal(String(input.default?.value), INPUT_DEFAULTS[input.id as keyof typeof INPUT_DEFAULTS], `default of ${input.id}`);
  }
  assert.deepEqual(template.outputs!.map((o) => o.id), ['sarif-file', 'errors', 'warnings', 'pending-pods']);
  for (const output of template.outputs!) assert.ok((output.description ?? '').length > 10, `output ${output.id} needs a description`);
});

test('the parser does reject a broken action.yml (an unknown runtime, an unknown key)', () => {
  const broken = ACTION_YML.replace('using: node24', 'using: node99').replace('outputs:', 'outputz:');
  const errors = parse('action.yml', broken).errors;
  assert.ok(errors.some((e) => /node99/.test(e)), errors.join('\n'));
  assert.ok(errors.some((e) => /outputz/.test(e)), errors.join('\n'));
});
