import { test } from 'node:test';
import assert from 'node:assert/strict';
import { atLeast, compareKubeVersions, formatKubeVersion, parseKubeVersion } from '../../src/model/kube-version.js';

test('parses CLI versions and kubelet versions with vendor suffixes', () => {
  assert.deepEqual(parseKubeVersion('1.34'), { major: 1, minor: 34 });
  assert.deepEqual(parseKubeVersion('v1.29.3-eks-ae9a62a'), { major: 1, minor: 29, patch: 3 });
  assert.deepEqual(parseKubeVersion('v1.30.2+k3s1'), { major: 1, minor: 30, patch: 2 });
  assert.equal(parseKubeVersion('1.3O'), undefined);
  assert.equal(parseKubeVersion('latest'), undefined);
});

test('atLeast: a version without patch counts as the newest patch of its minor', () => {
  const v = (text: string) => parseKubeVersion(text)!;
  assert.equal(atLeast(v('1.34'), 34), true);
  assert.equal(atLeast(v('1.33.9'), 34), false);
  assert.equal(atLeast(v('1.34.1'), 34, 2), false);
  assert.equal(atLeast(v('1.34.2'), 34, 2), true);
  assert.equal(atLeast(v('1.34'), 34, 2), true);
  assert.equal(atLeast(v('1.36'), 31), true);
  assert.equal(compareKubeVersions(v('1.34.1'), v('1.34')), -1);
  assert.equal(compareKubeVersions(v('1.35.0'), v('1.34.9')), 1);
  assert.equal(formatKubeVersion(v('v1.34.2')), '1.34.2');
});
