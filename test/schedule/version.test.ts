import { test } from 'node:test';
import assert from 'node:assert/strict';
import { behaviourFor, parseTargetVersion } from '../../src/schedule/version.js';

test('--kube-version: default 1.36; 1.34, v1.34.2 and 1.34.2 accepted; others rejected with one line', () => {
  assert.deepEqual(parseTargetVersion(undefined), { ok: true, version: { major: 1, minor: 36 } });
  assert.deepEqual(parseTargetVersion('1.34'), { ok: true, version: { major: 1, minor: 34 } });
  assert.deepEqual(parseTargetVersion('v1.34.2'), { ok: true, version: { major: 1, minor: 34, patch: 2 } });
  assert.deepEqual(parseTargetVersion('1.34.2'), { ok: true, version: { major: 1, minor: 34, patch: 2 } });
  assert.deepEqual(parseTargetVersion('latest'), { ok: false, message: 'invalid Kubernetes version "latest" (expected e.g. 1.34 or v1.34.2)' });
  assert.deepEqual(parseTargetVersion('1.29'), { ok: false, message: 'Kubernetes version 1.29 is not supported: berth reproduces the scheduler of 1.30 to 1.36' });
  assert.equal(parseTargetVersion('1.37').ok, false);
});

test('version switches of section 0', () => {
  const at = (text: string) => {
    const parsed = parseTargetVersion(text);
    assert.ok(parsed.ok);
    const b = behaviourFor(parsed.version);
    return [b.taintReason, b.dynamicResourcesPostFilter, b.absentNodes, b.resourcesFitUnresolvable, b.sidecarHostPorts, b.balancedAllocationSkipsBestEffort];
  };
  assert.deepEqual(at('1.30.0'), ['per-taint', false, 'filtered-out', false, false, false]);
  assert.deepEqual(at('1.30.1'), ['per-taint', false, 'filtered-out', false, false, false]);
  assert.deepEqual(at('1.30.2'), ['per-taint', false, 'uncounted', false, false, false]);
  assert.deepEqual(at('1.30'), ['per-taint', false, 'uncounted', false, false, false]);
  assert.deepEqual(at('1.31'), ['per-taint', false, 'uncounted', false, false, false]);
  assert.deepEqual(at('1.32'), ['per-taint', false, 'plugin-list', false, false, false]);
  assert.deepEqual(at('1.33'), ['per-taint', false, 'plugin-list', false, false, true]);
  assert.deepEqual(at('1.34.0'), ['per-taint', true, 'plugin-list', true, true, true]);
  assert.deepEqual(at('1.34.1'), ['per-taint', true, 'plugin-list', true, true, true]);
  assert.deepEqual(at('1.34.2'), ['generic', true, 'plugin-list', true, true, true]);
  assert.deepEqual(at('1.34'), ['generic', true, 'plugin-list', true, true, true]);
  assert.deepEqual(at('1.36'), ['generic', true, 'plugin-list', true, true, true]);
});
