import { test } from 'node:test';
import assert from 'node:assert/strict';
import rule, { imageTag } from '../../rules/latest-tag.js';
import { yaml } from '../helpers/lint.js';
import { ruleTable } from './table.js';

const pod = (image: string) => yaml`
  apiVersion: v1
  kind: Pod
  metadata:
    name: app
  spec:
    containers:
      - name: app
        image: ${image}
`;

test('imageTag reads the tag after the last slash, so a registry port is not a tag', () => {
  assert.deepEqual(imageTag('nginx'), { pinned: false, tag: undefined });
  assert.deepEqual(imageTag('nginx:1.27'), { pinned: false, tag: '1.27' });
  assert.deepEqual(imageTag('localhost:5000/app'), { pinned: false, tag: undefined });
  assert.deepEqual(imageTag('localhost:5000/team/app:2.1'), { pinned: false, tag: '2.1' });
  assert.deepEqual(imageTag('ghcr.io/org/app:latest'), { pinned: false, tag: 'latest' });
  assert.deepEqual(imageTag('nginx:latest@sha256:0123abcd'), { pinned: true });
});

ruleTable(rule, {
  valid: [
    { name: 'a version tag', text: pod('nginx:1.27.2') },
    { name: 'a version tag behind a registry with a port', text: pod('registry.local:5000/team/app:2.1.0') },
    { name: 'pinned by digest', text: pod('nginx@sha256:6af79ae5de407283dcea8b00d5c37ace95441fd58a8b1d2aa1ed93f5511bb18c') },
    { name: 'latest but pinned by digest', text: pod('nginx:latest@sha256:6af79ae5de407283dcea8b00d5c37ace95441fd58a8b1d2aa1ed93f5511bb18c') },
    { name: 'a tag that merely contains latest', text: pod('app:latest-2024') },
    { name: 'an envsubst placeholder', text: pod('${IMAGE_URI}') },
    { name: 'a shell-style placeholder', text: pod('$IMAGE_URL') },
    { name: 'an all-caps placeholder for sed', text: pod('CONTAINER_IMAGE') },
  ],
  invalid: [
    {
      name: ':latest, at the image key',
      text: pod('nginx:latest'),
      errors: [{ line: 8, column: 7, container: 'app', message: 'Pod app: container app uses image nginx:latest; the latest tag moves, so pin a version or a digest' }],
    },
    {
      name: 'no tag',
      text: pod('docker.io/library/redis'),
      errors: [{ line: 8, column: 7, container: 'app', message: 'Pod app: container app uses image docker.io/library/redis without a tag, which means :latest; pin a version or a digest' }],
    },
    {
      name: 'a registry with a port and no tag',
      text: pod('localhost:5000/app'),
      errors: [{ line: 8, column: 7, container: 'app', message: 'Pod app: container app uses image localhost:5000/app without a tag, which means :latest; pin a version or a digest' }],
    },
    {
      name: 'a literal :latest after a placeholder is still reported',
      text: pod('REGION-docker.pkg.dev/PROJECT_ID/models/app:latest'),
      errors: [{ line: 8, column: 7, container: 'app', message: 'Pod app: container app uses image REGION-docker.pkg.dev/PROJECT_ID/models/app:latest; the latest tag moves, so pin a version or a digest' }],
    },
    {
      name: 'init containers are checked too',
      text: yaml`
        apiVersion: apps/v1
        kind: Deployment
        metadata:
          name: web
        spec:
          template:
            spec:
              initContainers:
                - name: wait
                  image: busybox
              containers:
                - name: web
                  image: web:3.0
      `,
      errors: [{ line: 10, column: 11, container: 'wait', message: 'Deployment web: init container wait uses image busybox without a tag, which means :latest; pin a version or a digest' }],
    },
  ],
});
