/**
 * The build precompiles the schema rule's validators (scripts/precompile-validators.mjs, ajv standalone
 * code); runtime compilation stays the fallback. Both must judge every object the same way, errors included.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { ValidateFunction } from 'ajv';
import { PACKAGE_ROOT } from '../../src/meta.js';
import { builtinDefinitions, bundledSchemaSha256, createKubernetesAjv, SCHEMA_FORMATS } from '../../src/model/builtin-schema.js';
import { readManifests } from '../../src/read/manifests.js';
import { yaml } from '../helpers/lint.js';

const INVALID = yaml`
  apiVersion: v1
  kind: Secret
  metadata:
    name: db
  data:
    password: not base64!
  ---
  apiVersion: apps/v1
  kind: Deployment
  metadata:
    name: web
  spec:
    replicas: three
    selector:
      matchLabels: { app: web }
    template:
      metadata:
        labels: { app: web }
      spec:
        restartPolicy: Sometimes
        containers:
          - name: web
            image: nginx:1.25
            imagePullPolicy: Never
            commandz: [nginx]
            resources:
              requests: { cpu: lots, memory: 64Mi }
            ports:
              - containerPort: "80"
  ---
  apiVersion: v1
  kind: Service
  metadata:
    name: web
  spec:
    ports:
      - port: 80
        protocol: SCTPX
    selector: { app: web }
  ---
  apiVersion: batch/v1
  kind: CronJob
  metadata:
    name: nightly
  spec:
    jobTemplate:
      spec:
        template:
          spec:
            containers: [{ image: busybox }]
`;

async function loadPrecompiled(): Promise<{ schemaSha256: string; validators: Record<string, ValidateFunction> }> {
  const script = pathToFileURL(join(PACKAGE_ROOT, 'scripts', 'precompile-validators.mjs')).href;
  const { precompiledValidatorsSource } = (await import(script)) as { precompiledValidatorsSource: (schemaModule: string) => Promise<string> };
  const schemaModule = fileURLToPath(new URL('../../src/model/builtin-schema.js', import.meta.url));
  // Written inside the build tree: the generated code requires ajv's runtime helpers from node_modules.
  const file = fileURLToPath(new URL('./precompiled-validators.test-output.cjs', import.meta.url));
  writeFileSync(file, await precompiledValidatorsSource(schemaModule));
  try {
    const module = createRequire(import.meta.url)(file) as { schemaSha256: string; load(formats: typeof SCHEMA_FORMATS): Record<string, ValidateFunction> };
    return { schemaSha256: module.schemaSha256, validators: module.load(SCHEMA_FORMATS) };
  } finally {
    rmSync(file, { force: true });
  }
}

function kindsIndex(): Map<string, string> {
  const parsed = JSON.parse(readFileSync(join(PACKAGE_ROOT, 'schemas', 'kubernetes', 'v1.36.kinds.json'), 'utf8')) as { kinds: Record<string, string> };
  return new Map(Object.entries(parsed.kinds));
}

test('precompiled validators: one per bundled definition, stamped with the schema file they were made from', async () => {
  const { schemaSha256, validators } = await loadPrecompiled();
  assert.equal(schemaSha256, bundledSchemaSha256());
  assert.deepEqual(Object.keys(validators).sort(), builtinDefinitions());
});

test('precompiled validators judge valid and invalid objects exactly as validators compiled at run time', async () => {
  const { validators } = await loadPrecompiled();
  const onDemand = createKubernetesAjv();
  const kinds = kindsIndex();
  const examples = readdirSync(join(PACKAGE_ROOT, 'examples', 'manifests')).map((name) => ({
    path: `examples/manifests/${name}`,
    text: readFileSync(join(PACKAGE_ROOT, 'examples', 'manifests', name), 'utf8'),
  }));
  const { objects } = readManifests([...examples, { path: 'invalid.yaml', text: INVALID }]);
  let invalid = 0;
  let compared = 0;
  for (const object of objects) {
    const definition = kinds.get(`${object.ref.apiVersion}/${object.ref.kind}`);
    if (!definition) continue;
    const precompiled = validators[definition]!;
    const compiled = onDemand.getSchema(`kubernetes#/definitions/${definition}`)!;
    const valid = compiled(object.raw);
    assert.equal(precompiled(object.raw), valid, `${object.ref.kind}/${object.ref.name}`);
    assert.deepEqual(precompiled.errors ?? null, compiled.errors ?? null, `${object.ref.kind}/${object.ref.name}`);
    compared++;
    if (!valid) invalid++;
  }
  assert.ok(compared >= 10, `compared ${compared} objects`);
  // All four invalid objects fail, with the custom formats (quantity, base64) among the errors.
  assert.ok(invalid >= 4, `${invalid} invalid objects`);
  const secret = objects.find((o) => o.ref.kind === 'Secret' && o.ref.name === 'db')!;
  const validateSecret = validators[kinds.get('v1/Secret')!]!;
  assert.equal(validateSecret(secret.raw), false);
  assert.deepEqual(validateSecret.errors?.map((e) => [e.instancePath, e.keyword]), [['/data/password', 'format']]);
});
