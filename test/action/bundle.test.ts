/**
 * The committed bundle (dist-action/index.mjs) is what `uses: owner/berth@v1` runs: it must be built from
 * the current sources, and it must run from a checkout of the repository without node_modules.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { PACKAGE_ROOT } from '../../src/meta.js';
import { yaml } from '../helpers/lint.js';

const BUILD_SCRIPT = join(PACKAGE_ROOT, 'scripts', 'build-action.mjs');

test('the committed action bundle is up to date with the sources (else: npm run build:action)', async () => {
  const { buildActionBundle, BUNDLE_PATH } = (await import(pathToFileURL(BUILD_SCRIPT).href)) as {
    buildActionBundle: () => Promise<string>;
    BUNDLE_PATH: string;
  };
  const fresh = await buildActionBundle();
  const committed = readFileSync(BUNDLE_PATH, 'utf8');
  // Compare lengths first so a stale bundle fails with a short message, not a 1 MB diff.
  assert.equal(committed.length, fresh.length, 'dist-action/index.mjs is stale: run npm run build:action and commit it');
  assert.ok(committed === fresh, 'dist-action/index.mjs is stale: run npm run build:action and commit it');
});

test('the bundle runs from a checkout without node_modules (the way the runner starts it)', () => {
  const checkout = mkdtempSync(join(tmpdir(), 'berth-action-checkout-'));
  try {
    // What `uses: owner/berth@v1` has on disk that the bundle reads: package.json, schemas/, the bundle.
    cpSync(join(PACKAGE_ROOT, 'package.json'), join(checkout, 'package.json'));
    cpSync(join(PACKAGE_ROOT, 'schemas'), join(checkout, 'schemas'), { recursive: true });
    mkdirSync(join(checkout, 'dist-action'));
    cpSync(join(PACKAGE_ROOT, 'dist-action', 'index.mjs'), join(checkout, 'dist-action', 'index.mjs'));
    const workspace = join(checkout, 'workspace');
    mkdirSync(workspace);
    writeFileSync(
      join(workspace, 'job.yaml'),
      yaml`
        apiVersion: batch/v1
        kind: Job
        metadata:
          name: migrate
        spec:
          template:
            spec:
              restartPolicy: Never
              containers:
                - name: migrate
                  image: example/migrate:3.2
                  resources:
                    requests: { cpu: 100m, memory: 64Mi }
                    limits: { memory: 64Mi }
                  commandz: [migrate]
      `,
    );
    const run = spawnSync(process.execPath, [join(checkout, 'dist-action', 'index.mjs')], {
      cwd: workspace,
      encoding: 'utf8',
      env: { PATH: process.env.PATH, GITHUB_WORKSPACE: workspace, 'INPUT_FAIL-ON': 'none' },
    });
    assert.equal(run.stderr, '');
    assert.equal(run.status, 0);
    // The schema rule needs ajv and the Kubernetes schemas: both resolved without node_modules.
    assert.match(run.stdout, /^::error file=job\.yaml,line=15,col=11,endLine=15,endColumn=19,title=schema::.*commandz/m);
  } finally {
    rmSync(checkout, { recursive: true, force: true });
  }
});
