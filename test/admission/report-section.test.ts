import { test } from 'node:test';
import assert from 'node:assert/strict';
import { yaml } from '../helpers/lint.js';
import { simulateYaml } from '../schedule/helpers.js';
import { admissionMarkdown, admissionText } from '../../src/report/admission-section.js';

const CLUSTER = yaml`
  apiVersion: v1
  kind: Node
  metadata: {name: worker1, uid: u1, labels: {kubernetes.io/hostname: worker1}}
  status: {allocatable: {cpu: "4", memory: 8Gi, pods: "110"}}
`;

const MANIFESTS = yaml`
  apiVersion: v1
  kind: ResourceQuota
  metadata: {name: compute, namespace: shop}
  spec: {hard: {requests.cpu: "1"}}
  ---
  apiVersion: v1
  kind: LimitRange
  metadata: {name: defaults, namespace: shop}
  spec:
    limits:
    - {type: Container, defaultRequest: {cpu: 300m}}
  ---
  apiVersion: apps/v1
  kind: Deployment
  metadata: {name: web, namespace: shop}
  spec:
    replicas: 5
    selector: {matchLabels: {app: web}}
    template:
      metadata: {labels: {app: web}}
      spec: {containers: [{name: web, image: web:1}]}
`;

const plain = (_code: string, text: string) => text;

test('text: the refused pods apart from Pending ones, and the requests a LimitRange filled in', () => {
  const simulation = simulateYaml(MANIFESTS, CLUSTER);
  assert.equal(admissionText(simulation, plain), [
    'Not created (2 pods) (admission refuses them: not Pending, kubectl get pods would not list them)',
    '  Deployment shop/web: 2 of 5 replicas never created',
    '    exceeded quota: compute, requested: requests.cpu=300m, used: requests.cpu=900m, limited: requests.cpu=1',
    '',
    'Requests from LimitRange defaults (containers without a request get the namespace\'s defaultRequest)',
    '  Deployment shop/web: web (cpu)',
  ].join('\n'));
});

test('markdown: from the placement JSON; nothing when admission refused nothing', () => {
  const report = simulateYaml(MANIFESTS, CLUSTER).toPlacementReport();
  assert.equal(admissionMarkdown(report), [
    '#### Not created',
    '',
    '2 pods never created: admission refuses them, so they are not Pending and `kubectl get pods` would not list them.',
    '',
    '- Deployment shop/web: **2** of 5',
    '  - exceeded quota: compute, requested: requests.cpu=300m, used: requests.cpu=900m, limited: requests.cpu=1',
  ].join('\n'));
  const fits = simulateYaml(MANIFESTS.replace('replicas: 5', 'replicas: 3'), CLUSTER);
  assert.equal(admissionMarkdown(fits.toPlacementReport()), '');
  assert.equal(admissionMarkdown(fits.toPlacementReport(), fits),
    'Requests from LimitRange defaults (containers without a request get the namespace\'s `defaultRequest`):\n\n- Deployment shop/web: web (cpu)');
  assert.equal(admissionText(fits, plain), 'Requests from LimitRange defaults (containers without a request get the namespace\'s defaultRequest)\n  Deployment shop/web: web (cpu)');
});
