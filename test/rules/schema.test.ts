import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import rule from '../../rules/schema.js';
import { BUNDLED_KUBERNETES_VERSION, closestField, countUnknownKinds, formatPath, isBuiltinKind, precompile, resolvePointer } from '../../src/model/builtin-schema.js';
import { PACKAGE_ROOT } from '../../src/meta.js';
import { yaml } from '../helpers/lint.js';
import { ruleTable } from './table.js';

ruleTable(rule, {
  valid: [
    {
      name: 'a realistic Deployment: integer and string quantities, named probe port, kubectl dry-run leftovers',
      text: yaml`
        apiVersion: apps/v1
        kind: Deployment
        metadata:
          name: web
          namespace: shop
          creationTimestamp: null
          labels:
            app.kubernetes.io/name: web
          annotations:
            deployment.kubernetes.io/revision: "3"
        spec:
          replicas: 3
          revisionHistoryLimit: 5
          selector:
            matchLabels:
              app.kubernetes.io/name: web
          strategy:
            type: RollingUpdate
            rollingUpdate:
              maxSurge: 25%
              maxUnavailable: 0
          template:
            metadata:
              labels:
                app.kubernetes.io/name: web
            spec:
              securityContext:
                runAsNonRoot: true
                fsGroup: 2000
              containers:
                - name: web
                  image: nginx:1.27
                  imagePullPolicy: IfNotPresent
                  args: ["--port", "8080"]
                  ports:
                    - name: http
                      containerPort: 8080
                      protocol: TCP
                  env:
                    - name: LOG_LEVEL
                      value: info
                    - name: POD_IP
                      valueFrom:
                        fieldRef:
                          fieldPath: status.podIP
                  resources:
                    requests:
                      cpu: 1
                      memory: 128Mi
                    limits:
                      cpu: "1500m"
                      memory: 0.5Gi
                      ephemeral-storage: 1e9
                  readinessProbe:
                    httpGet:
                      path: /healthz
                      port: http
                    periodSeconds: 10
                  volumeMounts:
                    - name: cache
                      mountPath: /var/cache/nginx
              volumes:
                - name: cache
                  emptyDir:
                    sizeLimit: 1Gi
        status: {}
      `,
    },
    {
      name: 'a Service with a named and a numeric targetPort (IntOrString)',
      text: yaml`
        apiVersion: v1
        kind: Service
        metadata:
          name: web
        spec:
          type: ClusterIP
          selector:
            app.kubernetes.io/name: web
          ports:
            - name: http
              port: 80
              targetPort: http
            - name: metrics
              port: 9090
              targetPort: 8080
      `,
    },
    {
      name: 'a ConfigMap: data and labels are free-form maps',
      text: yaml`
        apiVersion: v1
        kind: ConfigMap
        metadata:
          name: settings
          labels:
            team: payments
        data:
          app.properties: |
            mode=fast
          any-key-at-all: "1"
        binaryData:
          logo.png: iVBORw0KGgo=
      `,
    },
    {
      name: 'a CronJob with its job and pod templates',
      text: yaml`
        apiVersion: batch/v1
        kind: CronJob
        metadata:
          name: report
        spec:
          schedule: "0 3 * * *"
          concurrencyPolicy: Forbid
          successfulJobsHistoryLimit: 1
          jobTemplate:
            spec:
              backoffLimit: 2
              template:
                spec:
                  restartPolicy: OnFailure
                  containers:
                    - name: report
                      image: busybox:1.36
                      command: ["sh", "-c", "date"]
      `,
    },
    {
      name: 'custom resources and kinds the bundled version does not serve are skipped',
      text: yaml`
        apiVersion: cert-manager.io/v1
        kind: Certificate
        metadata:
          name: web-tls
        spec:
          anything: goes
        ---
        apiVersion: extensions/v1beta1
        kind: Deployment
        metadata:
          name: old
        spec:
          notAField: true
      `,
    },
    {
      name: 'an optional enum field left empty is unset (the API server defaults it)',
      text: yaml`
        apiVersion: v1
        kind: Pod
        metadata:
          name: p
        spec:
          tolerations:
            - key: dedicated
              operator: Exists
              effect: ""
          containers:
            - name: app
              image: busybox:1.36
              imagePullPolicy: ""
      `,
    },
    {
      name: 'a Secret: base64 data (line breaks allowed, as Go decodes it) and plain stringData',
      text: yaml`
        apiVersion: v1
        kind: Secret
        metadata:
          name: creds
        type: Opaque
        data:
          username: YWRtaW4=
          empty: ""
          cert: |
            LS0tLS1CRUdJTiBDRVJUSUZJQ0FURS0tLS0t
            Cg==
        stringData:
          password: not base64 at all!
      `,
    },
    {
      name: 'an unquoted timestamp and explicit nulls are what the API server accepts',
      text: yaml`
        apiVersion: v1
        kind: Pod
        metadata:
          name: p
          creationTimestamp: 2024-05-01T10:00:00Z
        spec:
          nodeSelector: null
          containers:
            - name: app
              image: busybox:1.36
              resources: null
      `,
    },
  ],
  invalid: [
    {
      name: 'an unknown (misspelt) field, reported at its key with the field it probably meant',
      text: yaml`
        apiVersion: apps/v1
        kind: Deployment
        metadata:
          name: web
        spec:
          selector:
            matchLabels:
              app: web
          template:
            metadata:
              labels:
                app: web
            spec:
              containers:
                - name: web
                  image: nginx:1.27
                  imagePullPolicey: Always
      `,
      errors: [{ line: 17, column: 11, message: 'spec.template.spec.containers[0].imagePullPolicey: unknown field (did you mean "imagePullPolicy"?)' }],
    },
    {
      name: 'a wrong type, reported at the value',
      text: yaml`
        apiVersion: apps/v1
        kind: Deployment
        metadata:
          name: web
        spec:
          replicas: "three"
          selector:
            matchLabels:
              app: web
          template:
            spec:
              containers:
                - name: web
                  image: nginx:1.27
      `,
      errors: [{ line: 6, column: 13, message: 'spec.replicas: expected integer, got string "three"' }],
    },
    {
      name: 'an invalid quantity, and a boolean where a quantity belongs',
      text: yaml`
        apiVersion: v1
        kind: Pod
        metadata:
          name: p
        spec:
          containers:
            - name: app
              image: busybox:1.36
              resources:
                requests:
                  cpu: "1.5.5"
                  memory: true
      `,
      errors: [
        { line: 11, column: 16, message: 'spec.containers[0].resources.requests.cpu: "1.5.5" is not a valid quantity' },
        {
          line: 12,
          column: 19,
          message: 'spec.containers[0].resources.requests.memory: expected a quantity (a number or a string such as "500m"), got boolean true',
        },
      ],
    },
    {
      name: 'IntOrString accepts neither a boolean nor a fraction',
      text: yaml`
        apiVersion: v1
        kind: Service
        metadata:
          name: web
        spec:
          ports:
            - port: 80
              targetPort: true
            - port: 81
              targetPort: 80.5
      `,
      errors: [
        { line: 8, column: 19, message: 'spec.ports[0].targetPort: expected integer or string, got boolean true' },
        { line: 10, column: 19, message: 'spec.ports[1].targetPort: expected integer or string, got number 80.5' },
      ],
    },
    {
      name: 'a value outside an enum, and a missing required field at the object that lacks it',
      text: yaml`
        apiVersion: v1
        kind: Pod
        metadata:
          name: p
        spec:
          containers:
            - image: busybox:1.36
              imagePullPolicy: always
      `,
      errors: [
        { line: 7, column: 7, message: 'spec.containers[0]: missing required field "name"' },
        { line: 8, column: 24, message: 'spec.containers[0].imagePullPolicy: "always" is not one of Always, IfNotPresent, Never' },
      ],
    },
    {
      name: 'an item of a kind: List is validated and located inside the List',
      text: yaml`
        apiVersion: v1
        kind: List
        items:
          - apiVersion: v1
            kind: ConfigMap
            metadata:
              name: ok
            data:
              a: "1"
          - apiVersion: v1
            kind: Service
            metadata:
              name: web
            spec:
              ports:
                - port: 80
                  targetPort: 8080
              selecter:
                app: web
      `,
      errors: [{ line: 18, column: 7, message: 'spec.selecter: unknown field (did you mean "selector"?)' }],
    },
    {
      name: 'Secret data that is not base64, without repeating the secret in the message',
      text: yaml`
        apiVersion: v1
        kind: Secret
        metadata:
          name: creds
        data:
          password: hunter2
          token: YWRtaW4
      `,
      errors: [
        { line: 6, column: 13, message: 'data.password: not valid base64 (Secret data must be base64-encoded; plain text goes under stringData)' },
        { line: 7, column: 10, message: 'data.token: not valid base64 (Secret data must be base64-encoded; plain text goes under stringData)' },
      ],
    },
    {
      name: 'a missing field of the object itself is named by its kind',
      text: yaml`
        apiVersion: batch/v1
        kind: CronJob
        metadata:
          name: nightly
      `,
      errors: [{ line: 1, column: 1, message: 'CronJob: missing required field "spec"' }],
    },
    {
      name: 'a required enum field cannot be empty',
      text: yaml`
        apiVersion: v1
        kind: Node
        metadata:
          name: node-1
        spec:
          taints:
            - key: dedicated
              effect: ""
      `,
      errors: [{ line: 8, column: 15, message: 'spec.taints[0].effect: "" is not one of NoExecute, NoSchedule, PreferNoSchedule' }],
    },
    {
      name: 'an object that contains itself through a YAML alias is a finding, not a crash',
      text: yaml`
        apiVersion: apiextensions.k8s.io/v1
        kind: CustomResourceDefinition
        metadata:
          name: foos.example.com
        spec:
          group: example.com
          names: { kind: Foo, plural: foos }
          scope: Namespaced
          versions:
            - name: v1
              served: true
              storage: true
              schema:
                openAPIV3Schema: &node
                  type: object
                  properties:
                    child: *node
      `,
      errors: [{ line: 1, column: 1, message: 'CustomResourceDefinition contains itself through a YAML alias, so it cannot be validated (or sent to the API server)' }],
    },
    {
      name: 'map keys that are not identifiers are quoted in the message',
      text: yaml`
        apiVersion: v1
        kind: ConfigMap
        metadata:
          name: c
          labels:
            app.kubernetes.io/version: 1.2
      `,
      errors: [{ line: 6, column: 32, message: 'metadata.labels["app.kubernetes.io/version"]: expected string, got number 1.2' }],
    },
  ],
});

test('isBuiltinKind knows served built-in kinds and nothing else', () => {
  assert.equal(isBuiltinKind('apps/v1', 'Deployment'), true);
  assert.equal(isBuiltinKind('v1', 'ConfigMap'), true);
  assert.equal(isBuiltinKind('networking.k8s.io/v1', 'Ingress'), true);
  assert.equal(isBuiltinKind('extensions/v1beta1', 'Ingress'), false);
  assert.equal(isBuiltinKind('cert-manager.io/v1', 'Certificate'), false);
  assert.equal(isBuiltinKind('v1', 'List'), false);
  const objects = [['apps/v1', 'Deployment'], ['cert-manager.io/v1', 'Certificate'], ['autoscaling/v2beta2', 'HorizontalPodAutoscaler']];
  assert.equal(countUnknownKinds(objects.map(([apiVersion, kind]) => ({ ref: { apiVersion: apiVersion!, kind: kind! } }))), 2);
});

test('JSON Pointers become paths: indexes only inside lists, ~1 and ~0 unescaped', () => {
  const raw = { spec: { containers: [{ name: 'a' }] }, data: { '0': 'zero', 'a/b~c': 'x' } };
  assert.deepEqual(resolvePointer('/spec/containers/0/name', raw), { path: ['spec', 'containers', 0, 'name'], value: 'a' });
  assert.deepEqual(resolvePointer('/data/0', raw), { path: ['data', '0'], value: 'zero' });
  assert.deepEqual(resolvePointer('/data/a~1b~0c', raw), { path: ['data', 'a/b~c'], value: 'x' });
  assert.equal(formatPath(['spec', 'containers', 0, 'ports', 1, 'containerPort']), 'spec.containers[0].ports[1].containerPort');
  assert.equal(formatPath(['data', 'a/b~c']), 'data["a/b~c"]');
});

test('unknown fields suggest a declared field only when it is a likely typo', () => {
  const containerFields = ['name', 'image', 'imagePullPolicy', 'ports', 'resources', 'securityContext'];
  assert.equal(closestField('imagePullPolicey', containerFields), 'imagePullPolicy');
  assert.equal(closestField('Image', containerFields), 'image');
  assert.equal(closestField('resoures', containerFields), 'resources');
  assert.equal(closestField('securtiyContext', containerFields), 'securityContext');
  assert.equal(closestField('port', containerFields), 'ports');
  assert.equal(closestField('im', containerFields), undefined); // too short to guess from
  assert.equal(closestField('serviceName', ['service', 'resource']), undefined);
});

test('every bundled kind compiles under strict ajv (catches a generator regression)', () => {
  const index = JSON.parse(readFileSync(join(PACKAGE_ROOT, 'schemas/kubernetes', `v${BUNDLED_KUBERNETES_VERSION}.kinds.json`), 'utf8')) as {
    kinds: Record<string, string>;
  };
  const pairs = Object.keys(index.kinds).map((key) => {
    const slash = key.lastIndexOf('/');
    return [key.slice(0, slash), key.slice(slash + 1)] as const;
  });
  assert.ok(pairs.length > 80, `only ${pairs.length} kinds bundled`);
  assert.equal(precompile(pairs), pairs.length);
});
