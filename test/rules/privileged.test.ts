import { test } from 'node:test';
import assert from 'node:assert/strict';
import rule from '../../rules/privileged.js';
import { lintYaml, yaml } from '../helpers/lint.js';
import { ruleTable } from './table.js';

const agent = (annotations = '{}') => yaml`
  apiVersion: apps/v1
  kind: DaemonSet
  metadata:
    name: cni
    namespace: kube-system
    annotations: ${annotations}
  spec:
    selector:
      matchLabels:
        app: cni
    template:
      metadata:
        labels:
          app: cni
      spec:
        initContainers:
          - name: install
            image: cni-installer:1.4
            securityContext:
              privileged: true
        containers:
          - name: agent
            image: cni-agent:1.4
            securityContext:
              privileged: true
              capabilities:
                add: [NET_ADMIN]
          - name: metrics
            image: exporter:0.9
            securityContext:
              privileged: false
`;

ruleTable(rule, {
  valid: [
    { name: 'privileged false and capabilities instead', text: yaml`
      apiVersion: v1
      kind: Pod
      metadata:
        name: ping
      spec:
        containers:
          - name: ping
            image: busybox:1.36
            securityContext:
              privileged: false
              capabilities:
                add: [NET_RAW]
    ` },
    { name: 'pod-level securityContext has no privileged field', text: yaml`
      apiVersion: v1
      kind: Pod
      metadata:
        name: app
      spec:
        securityContext:
          runAsNonRoot: true
        containers:
          - name: app
            image: app:2.0
    ` },
  ],
  invalid: [
    {
      name: 'each privileged container, init containers included, at the privileged key',
      text: agent(),
      errors: [
        { line: 20, column: 13, container: 'install', message: 'DaemonSet cni: init container install runs privileged, with every capability and all host devices' },
        { line: 25, column: 13, container: 'agent', message: 'DaemonSet cni: container agent runs privileged, with every capability and all host devices' },
      ],
    },
  ],
});

test('privileged can be suppressed for one container with ignore.berth/privileged.<container>', () => {
  const result = lintYaml(agent('{ignore.berth/privileged.install: "copies CNI binaries into /opt/cni/bin"}'), { rules: [rule] });
  assert.deepEqual(result.findings.map((f) => f.container), ['agent']);
  assert.equal(result.summary.suppressed, 1);
});
