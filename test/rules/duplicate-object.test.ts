import { test } from 'node:test';
import assert from 'node:assert/strict';
import rule from '../../rules/duplicate-object.js';
import { checkFiles } from '../../src/check.js';
import { yaml } from '../helpers/lint.js';
import { ruleTable } from './table.js';

const service = (name: string, namespace?: string) => yaml`
  apiVersion: v1
  kind: Service
  metadata:
    name: ${name}${namespace ? `\n    namespace: ${namespace}` : ''}
  spec:
    ports:
      - port: 80
`;

ruleTable(rule, {
  valid: [
    { name: 'same name, different kinds', text: service('web') + '---\n' + yaml`
      apiVersion: apps/v1
      kind: Deployment
      metadata:
        name: web
    ` },
    { name: 'same kind and name in different namespaces', text: service('web', 'shop') + '---\n' + service('web', 'blog') },
    { name: 'same kind name in different API groups (a CRD reusing a built-in kind name)', text: yaml`
      apiVersion: networking.k8s.io/v1
      kind: Ingress
      metadata:
        name: web
      ---
      apiVersion: traefik.io/v1alpha1
      kind: Ingress
      metadata:
        name: web
    ` },
    { name: 'generateName objects get a fresh name each time', text: yaml`
      apiVersion: batch/v1
      kind: Job
      metadata:
        generateName: migrate-
      ---
      apiVersion: batch/v1
      kind: Job
      metadata:
        generateName: migrate-
    ` },
  ],
  invalid: [
    {
      name: 'an omitted namespace is the default namespace',
      text: service('web') + '---\n' + service('web', 'default'),
      errors: [{ line: 12, column: 3, message: 'Service default/web is defined twice; the first definition is at test.yaml:4, and applying both keeps only the last' }],
    },
    {
      name: 'apps/v1 and apps/v1beta2 are the same group; extensions Deployments moved to apps',
      text: yaml`
        apiVersion: apps/v1
        kind: Deployment
        metadata:
          name: api
          namespace: shop
        ---
        apiVersion: apps/v1beta2
        kind: Deployment
        metadata:
          namespace: shop
          name: api
        ---
        apiVersion: extensions/v1beta1
        kind: Deployment
        metadata:
          name: api
          namespace: shop
      `,
      errors: [
        { line: 11, column: 3, message: 'Deployment shop/api is defined twice; the first definition is at test.yaml:4, and applying both keeps only the last' },
        { line: 16, column: 3, message: 'Deployment shop/api is defined twice; the first definition is at test.yaml:4, and applying both keeps only the last' },
      ],
    },
    {
      name: 'cluster-scoped objects have no namespace, even when the manifest gives one (the API server clears it)',
      text: yaml`
        apiVersion: rbac.authorization.k8s.io/v1
        kind: ClusterRole
        metadata:
          name: reader
        rules: []
        ---
        apiVersion: rbac.authorization.k8s.io/v1
        kind: ClusterRole
        metadata:
          name: reader
          namespace: monitoring
        rules: []
      `,
      errors: [{ line: 10, column: 3, message: 'ClusterRole reader is defined twice; the first definition is at test.yaml:4, and applying both keeps only the last' }],
    },
    {
      name: 'an item of a List duplicates a top-level object',
      text: service('db') + '---\n' + yaml`
        apiVersion: v1
        kind: List
        items:
          - apiVersion: v1
            kind: Service
            metadata:
              name: db
      `,
      errors: [{ line: 15, column: 7, message: 'Service default/db is defined twice; the first definition is at test.yaml:4, and applying both keeps only the last' }],
    },
  ],
});

test('duplicate-object names the first definition in another file', () => {
  const { findings } = checkFiles(
    [
      { path: 'base/service.yaml', text: service('web') },
      { path: 'overlay/service.yaml', text: '# copy\n' + service('web') },
    ],
    { rules: [rule] },
  );
  assert.deepEqual(
    findings.map((f) => [f.location.file, f.location.line, f.message]),
    [['overlay/service.yaml', 5, 'Service default/web is defined twice; the first definition is at base/service.yaml:4, and applying both keeps only the last']],
  );
});
