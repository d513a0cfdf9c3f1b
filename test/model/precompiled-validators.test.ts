/**
 * The build precompiles the schema rule's validators (scripts/precompile-validators.mjs, ajv standalone
 * code); runtime compilation stays the fallback. Both must judge every object the same way, errors included.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, sep } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { ValidateFunction } from 'ajv';
import { PACKAGE_ROOT } from '../../src/meta.js';
import {
  builtinDefinitions,
  bundledSchemaSha256,
  createKubernetesAjv,
  PRECOMPILED_VALIDATORS_DIR,
  PRECOMPILED_VALIDATORS_FILE,
  SCHEMA_FORMATS,
} from '../../src/model/builtin-schema.js';
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

interface PrecompiledFiles {
  index: string;
  modules: { file: string; definitions: string[]; source: string }[];
}

interface PrecompiledIndex {
  schemaSha256: string;
  load(formats: typeof SCHEMA_FORMATS): Record<string, ValidateFunction>;
}

async function generate(): Promise<PrecompiledFiles> {
  const script = pathToFileURL(join(PACKAGE_ROOT, 'scripts', 'precompile-validators.mjs')).href;
  const { precompiledValidatorFiles } = (await import(script)) as { precompiledValidatorFiles: (schemaModule: string) => Promise<PrecompiledFiles> };
  return precompiledValidatorFiles(fileURLToPath(new URL('../../src/model/builtin-schema.js', import.meta.url)));
}

/**
 * Writes the generated files into a fresh directory of the build tree (the generated code requires nothing,
 * but it must be loaded as the CLI loads it, by require), runs `use` on the index, then removes them.
 */
async function withPrecompiled<T>(name: string, use: (index: PrecompiledIndex, directory: string, files: PrecompiledFiles) => T): Promise<T> {
  const files = await generate();
  const root = fileURLToPath(new URL(`./precompiled-validators.${name}.test-output/`, import.meta.url));
  rmSync(root, { recursive: true, force: true });
  mkdirSync(join(root, PRECOMPILED_VALIDATORS_DIR), { recursive: true });
  try {
    for (const { file, source } of files.modules) writeFileSync(join(root, PRECOMPILED_VALIDATORS_DIR, file), source);
    writeFileSync(join(root, PRECOMPILED_VALIDATORS_FILE), files.index);
    const index = createRequire(import.meta.url)(join(root, PRECOMPILED_VALIDATORS_FILE)) as PrecompiledIndex;
    return use(index, join(root, PRECOMPILED_VALIDATORS_DIR), files);
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}

/** Every precompiled validator, each read (so its modules loaded) while the files exist. */
async function loadPrecompiled(): Promise<{ schemaSha256: string; validators: Record<string, ValidateFunction> }> {
  return withPrecompiled('all', (index) => ({ schemaSha256: index.schemaSha256, validators: Object.fromEntries(Object.entries(index.load(SCHEMA_FORMATS))) }));
}

/** The generated modules of `directory` that require() has loaded so far. */
function loadedModules(directory: string): string[] {
  const require = createRequire(import.meta.url);
  return Object.keys(require.cache)
    .filter((file) => file.startsWith(directory + sep))
    .map((file) => file.slice(directory.length + 1))
    .sort();
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

test('precompiled validators of every kind judge an empty and a mistyped object as compiled ones do', async () => {
  // Reaches every kind's module and the modules it calls into (metadata, spec and status of each kind).
  const { validators } = await loadPrecompiled();
  const onDemand = createKubernetesAjv();
  const samples: Record<string, unknown>[] = [
    {},
    { metadata: { name: 5, labels: { app: ['web'] }, annotations: 'none', ownerReferences: [{}] }, spec: { replicas: 'two', selector: 'app=web' }, status: [], extra: true },
    { metadata: { name: 'web' }, spec: {}, data: { key: 1 }, rules: [{ verbs: 'get' }], subsets: {}, webhooks: [{}] },
  ];
  let errors = 0;
  for (const definition of builtinDefinitions()) {
    const compiled = onDemand.getSchema(`kubernetes#/definitions/${definition}`)!;
    for (const sample of samples) {
      assert.equal(validators[definition]!(sample), compiled(sample), definition);
      assert.deepEqual(validators[definition]!.errors ?? null, compiled.errors ?? null, definition);
      errors += validators[definition]!.errors?.length ?? 0;
    }
    // The mistyped object fails every kind (no kind has an `extra` field), down inside its metadata too.
    assert.equal(validators[definition]!(samples[1]), false, definition);
    assert.ok(validators[definition]!.errors!.some((e) => e.instancePath === '/metadata/name'), definition);
  }
  assert.ok(errors > 5 * builtinDefinitions().length, `${errors} errors compared`);
});

test('precompiled validators: a run loads only the modules of the kinds it validates', async () => {
  await withPrecompiled('lazy', (index, directory, files) => {
    const neededBy = (definition: string) => files.modules.filter((m) => m.definitions.includes(definition)).map((m) => m.file).sort();
    const validators = index.load(SCHEMA_FORMATS);
    assert.deepEqual(loadedModules(directory), [], 'binding the formats loads no validator code');

    const configMap = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'settings' }, data: { mode: 'fast' } };
    assert.equal(validators.V1ConfigMap!(configMap), true);
    assert.deepEqual(loadedModules(directory), neededBy('V1ConfigMap'));
    assert.ok(!loadedModules(directory).includes('V1Pod.cjs'));

    const pod = { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'web' }, spec: { containers: [{ name: 'web', image: 'nginx:1.25' }] } };
    assert.equal(validators.V1Pod!(pod), true);
    const afterPod = loadedModules(directory);
    assert.deepEqual(afterPod, [...new Set([...neededBy('V1ConfigMap'), ...neededBy('V1Pod')])].sort());
    // The Pod's validators are a fraction of the bundle: its modules, not the Deployment's or the CRD's.
    assert.ok(!afterPod.includes('V1Deployment.cjs') && !afterPod.includes('V1CustomResourceDefinition.cjs'), afterPod.join(' '));
    const bytes = (names: readonly string[]) => files.modules.filter((m) => names.includes(m.file)).reduce((sum, m) => sum + m.source.length, 0);
    const all = bytes(files.modules.map((m) => m.file));
    assert.ok(bytes(afterPod) < all / 3, `${bytes(afterPod)} of ${all} bytes loaded`);
  });
});

test('precompiled validators: each function is in exactly one module, required only by modules of fewer kinds', async () => {
  const { modules } = await generate();
  const declared = new Map<string, string>();
  for (const { file, source } of modules) {
    for (const [, name] of source.matchAll(/function (validate\d+)\(/g)) {
      assert.equal(declared.get(name!), undefined, `${name} declared in ${declared.get(name!)} and ${file}`);
      declared.set(name!, file);
    }
  }
  const byFile = new Map(modules.map((m) => [m.file, m]));
  for (const { file, definitions, source } of modules) {
    for (const [, required] of source.matchAll(/require\("\.\/([^"]+)"\)/g)) {
      const dependency = byFile.get(required!);
      assert.ok(dependency, `${file} requires ${required}, which is not generated`);
      // A callee serves every kind its caller serves, and more: modules never require each other in a cycle.
      assert.ok(definitions.every((d) => dependency.definitions.includes(d)) && dependency.definitions.length > definitions.length, `${file} → ${required}`);
    }
  }
});
