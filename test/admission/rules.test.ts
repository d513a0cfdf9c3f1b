import { yaml } from '../helpers/lint.js';
import { placementTable, THREE_NODES } from '../rules/placement-table.js';
import namespaceMissing from '../../rules/namespace-missing.js';
import priorityClassUnknown from '../../rules/priority-class-unknown.js';
import runtimeClassUnknown from '../../rules/runtime-class-unknown.js';
import runtimeClassConflict from '../../rules/runtime-class-conflict.js';
import limitRangeViolation from '../../rules/limit-range-violation.js';
import quotaExceeded from '../../rules/quota-exceeded.js';

/** THREE_NODES plus the objects that make the snapshot authoritative about namespaces and classes. */
const LISTED = THREE_NODES + yaml`
  ---
  apiVersion: v1
  kind: Namespace
  metadata: {name: shop}
  ---
  apiVersion: scheduling.k8s.io/v1
  kind: PriorityClass
  metadata: {name: high}
  value: 1000
  ---
  apiVersion: node.k8s.io/v1
  kind: RuntimeClass
  metadata: {name: kata}
  handler: kata
  overhead: {podFixed: {cpu: 250m}}
  scheduling: {nodeSelector: {sandbox: kata}}
`;

placementTable(namespaceMissing, {
  valid: [
    { name: 'the namespace is in the snapshot', cluster: LISTED, manifests: yaml`
      apiVersion: v1
      kind: Pod
      metadata: {name: p, namespace: shop}
      spec: {containers: [{name: c, image: c:1}]}
    ` },
    { name: 'the namespace comes with the manifests', cluster: LISTED, manifests: yaml`
      apiVersion: v1
      kind: Namespace
      metadata: {name: pay}
      ---
      apiVersion: v1
      kind: Pod
      metadata: {name: p, namespace: pay}
      spec: {containers: [{name: c, image: c:1}]}
    ` },
    { name: 'a snapshot without Namespace objects says nothing about namespaces', manifests: yaml`
      apiVersion: v1
      kind: Pod
      metadata: {name: p, namespace: pay}
      spec: {containers: [{name: c, image: c:1}]}
    ` },
    { name: 'no namespace key: default always exists', cluster: LISTED, manifests: yaml`
      apiVersion: v1
      kind: Pod
      metadata: {name: p}
      spec: {containers: [{name: c, image: c:1}]}
    ` },
  ],
  invalid: [
    { name: 'a Deployment in a namespace the snapshot does not list', cluster: LISTED, manifests: yaml`
      apiVersion: apps/v1
      kind: Deployment
      metadata:
        name: web
        namespace: pay
      spec:
        replicas: 2
        selector: {matchLabels: {app: web}}
        template:
          metadata: {labels: {app: web}}
          spec: {containers: [{name: web, image: web:1}]}
    `, errors: [{ line: 5, column: 14, message: 'Deployment web: all 2 replicas would never be created, the API server answers "namespaces "pay" not found". The cluster snapshot lists its Namespaces and "pay" is not among them, nor among the manifests\' Namespace objects: create it first (or apply its Namespace with the manifests).' }] },
  ],
});

placementTable(priorityClassUnknown, {
  valid: [
    { name: 'a class of the snapshot', cluster: LISTED, manifests: yaml`
      apiVersion: v1
      kind: Pod
      metadata: {name: p}
      spec: {priorityClassName: high, containers: [{name: c, image: c:1}]}
    ` },
    { name: 'a built-in class', cluster: LISTED, manifests: yaml`
      apiVersion: v1
      kind: Pod
      metadata: {name: p}
      spec: {priorityClassName: system-cluster-critical, containers: [{name: c, image: c:1}]}
    ` },
    { name: 'the snapshot has no PriorityClass objects', manifests: yaml`
      apiVersion: v1
      kind: Pod
      metadata: {name: p}
      spec: {priorityClassName: urgent, containers: [{name: c, image: c:1}]}
    ` },
  ],
  invalid: [
    { name: 'an unknown class', cluster: LISTED, manifests: yaml`
      apiVersion: batch/v1
      kind: Job
      metadata: {name: report}
      spec:
        parallelism: 3
        template:
          spec:
            priorityClassName: urgent
            restartPolicy: Never
            containers: [{name: r, image: r:1}]
    `, errors: [{ line: 8, column: 26, message: 'Job report: all 3 replicas would never be created, the API server answers "no PriorityClass with name urgent was found". The class is neither in the manifests nor in the cluster snapshot (nor one of the built-in system-cluster-critical and system-node-critical).' }] },
  ],
});

placementTable(runtimeClassUnknown, {
  valid: [
    { name: 'a class of the snapshot', cluster: LISTED, manifests: yaml`
      apiVersion: v1
      kind: Pod
      metadata: {name: p}
      spec: {runtimeClassName: kata, containers: [{name: c, image: c:1}]}
    ` },
    { name: 'the snapshot has no RuntimeClass objects', manifests: yaml`
      apiVersion: v1
      kind: Pod
      metadata: {name: p}
      spec: {runtimeClassName: gvisor, containers: [{name: c, image: c:1}]}
    ` },
  ],
  invalid: [
    { name: 'an unknown class', cluster: LISTED, manifests: yaml`
      apiVersion: v1
      kind: Pod
      metadata: {name: sandboxed}
      spec:
        runtimeClassName: gvisor
        containers: [{name: c, image: c:1}]
    `, errors: [{ line: 5, column: 21, message: 'Pod sandboxed: its pod would never be created, the API server answers "pod rejected: RuntimeClass "gvisor" not found". The RuntimeClass is neither in the manifests nor in the cluster snapshot.' }] },
  ],
});

placementTable(runtimeClassConflict, {
  valid: [
    { name: 'the same value as the class', cluster: LISTED, manifests: yaml`
      apiVersion: v1
      kind: Pod
      metadata: {name: p}
      spec: {runtimeClassName: kata, nodeSelector: {sandbox: kata}, containers: [{name: c, image: c:1}]}
    ` },
  ],
  invalid: [
    { name: 'another value for the class\'s key', cluster: LISTED, manifests: yaml`
      apiVersion: v1
      kind: Pod
      metadata: {name: p}
      spec:
        runtimeClassName: kata
        nodeSelector:
          sandbox: gvisor
        containers: [{name: c, image: c:1}]
    `, errors: [{ line: 6, column: 3, message: 'Pod p: its pod would never be created, the API server answers "conflict: runtimeClass.scheduling.nodeSelector[sandbox] = kata; pod.spec.nodeSelector[sandbox] = gvisor". RuntimeClass kata requires that node label value.' }] },
  ],
});

const LIMITS = yaml`
  apiVersion: v1
  kind: LimitRange
  metadata: {name: bounds}
  spec:
    limits:
    - type: Container
      min: {cpu: 50m}
      max: {memory: 1Gi}
      maxLimitRequestRatio: {cpu: "4"}
    - type: Pod
      max: {cpu: "2"}
  ---
`;

placementTable(limitRangeViolation, {
  valid: [
    { name: 'within every bound', manifests: LIMITS + yaml`
      apiVersion: v1
      kind: Pod
      metadata: {name: p}
      spec:
        containers:
        - name: c
          image: c:1
          resources: {requests: {cpu: 100m}, limits: {cpu: 400m, memory: 512Mi}}
    ` },
    { name: 'a LimitRange of another namespace', manifests: LIMITS.replace('name: bounds}', 'name: bounds, namespace: other}') + yaml`
      apiVersion: v1
      kind: Pod
      metadata: {name: p}
      spec: {containers: [{name: c, image: c:1, resources: {limits: {memory: 4Gi}}}]}
    ` },
  ],
  invalid: [
    { name: 'max, ratio and a missing limit (memory gets max as its default limit); the Pod sum over max', manifests: LIMITS + yaml`
      apiVersion: apps/v1
      kind: Deployment
      metadata: {name: api}
      spec:
        replicas: 2
        selector: {matchLabels: {app: api}}
        template:
          metadata: {labels: {app: api}}
          spec:
            containers:
            - name: api
              image: api:1
              resources:
                requests: {cpu: 100m}
                limits: {cpu: "1", memory: 2Gi}
            - name: log
              image: log:1
              resources:
                requests: {cpu: 1500m}
    `, errors: [
      { line: 22, column: 7, message: 'Deployment api: all 2 replicas would never be created, the API server answers "maximum cpu usage per Pod is 2.  No limit is specified.". LimitRange bounds in namespace default.' },
      { line: 27, column: 25, message: 'Deployment api: all 2 replicas would never be created, the API server answers "cpu max limit to request ratio per Container is 4, but provided ratio is 10.000000.". LimitRange bounds in namespace default.' },
      { line: 27, column: 38, message: 'Deployment api: all 2 replicas would never be created, the API server answers "maximum memory usage per Container is 1Gi, but limit is 2Gi.". LimitRange bounds in namespace default.' },
      { line: 30, column: 9, message: 'Deployment api: all 2 replicas would never be created, the API server answers "cpu max limit to request ratio per Container is 4, but no limit is specified or limit is 0.". LimitRange bounds in namespace default.' },
    ] },
  ],
});

const QUOTA = yaml`
  apiVersion: v1
  kind: ResourceQuota
  metadata: {name: team}
  spec:
    hard: {requests.cpu: "2", requests.nvidia.com/gpu: "1"}
  ---
`;

placementTable(quotaExceeded, {
  valid: [
    { name: 'everything fits the quota', manifests: QUOTA + yaml`
      apiVersion: apps/v1
      kind: Deployment
      metadata: {name: web}
      spec:
        replicas: 4
        selector: {matchLabels: {app: web}}
        template:
          metadata: {labels: {app: web}}
          spec: {containers: [{name: web, image: web:1, resources: {requests: {cpu: 500m}}}]}
    ` },
    { name: 'a scoped quota the pods are not in', manifests: yaml`
      apiVersion: v1
      kind: ResourceQuota
      metadata: {name: critical}
      spec:
        hard: {pods: "0"}
        scopeSelector:
          matchExpressions: [{scopeName: PriorityClass, operator: In, values: [high]}]
      ---
      apiVersion: v1
      kind: Pod
      metadata: {name: p}
      spec: {containers: [{name: c, image: c:1}]}
    ` },
  ],
  invalid: [
    { name: '3 of 5 replicas fit the cpu quota', manifests: QUOTA + yaml`
      apiVersion: apps/v1
      kind: Deployment
      metadata: {name: web}
      spec:
        replicas: 5
        selector: {matchLabels: {app: web}}
        template:
          metadata: {labels: {app: web}}
          spec:
            containers:
            - name: web
              image: web:1
              resources:
                requests: {cpu: 600m}
    `, errors: [{ line: 20, column: 27, message: 'Deployment web: 2 of 5 replicas would never be created, the API server answers "exceeded quota: team, requested: requests.cpu=600m, used: requests.cpu=1800m, limited: requests.cpu=2". ResourceQuota team in namespace default: used before these manifests (the snapshot\'s pods): requests.cpu 0/2, requests.nvidia.com/gpu 0/1.' }] },
    { name: 'an extended resource quota: the second GPU pod', manifests: yaml`
      apiVersion: v1
      kind: ResourceQuota
      metadata: {name: gpus}
      spec:
        hard: {requests.nvidia.com/gpu: "1"}
      ---
      apiVersion: v1
      kind: Pod
      metadata: {name: train-a}
      spec: {containers: [{name: t, image: t:1, resources: {limits: {nvidia.com/gpu: 1}}}]}
      ---
      apiVersion: v1
      kind: Pod
      metadata: {name: train-b}
      spec:
        containers:
        - name: t
          image: t:1
          resources: {limits: {nvidia.com/gpu: 1}}
    `, errors: [{ line: 19, column: 42, message: 'Pod train-b: its pod would never be created, the API server answers "exceeded quota: gpus, requested: requests.nvidia.com/gpu=1, used: requests.nvidia.com/gpu=1, limited: requests.nvidia.com/gpu=1". ResourceQuota gpus in namespace default: used before these manifests (the snapshot\'s pods): requests.nvidia.com/gpu 0/1.' }] },
    { name: 'a cpu quota and a container without a cpu request (points at its name)', manifests: QUOTA + yaml`
      apiVersion: v1
      kind: Pod
      metadata: {name: p}
      spec:
        containers:
        - name: c
          image: c:1
    `, errors: [{ line: 12, column: 11, message: 'Pod p: its pod would never be created, the API server answers "failed quota: team: must specify requests.cpu for: c". ResourceQuota team tracks cpu/memory, so every container must set them (a LimitRange with defaults would do it).' }] },
    { name: 'a pods quota and bare Pods: the second Pod\'s name', manifests: yaml`
      apiVersion: v1
      kind: ResourceQuota
      metadata: {name: one}
      spec: {hard: {count/pods: "1"}}
      ---
      apiVersion: v1
      kind: Pod
      metadata: {name: a}
      spec: {containers: [{name: c, image: c:1}]}
      ---
      apiVersion: v1
      kind: Pod
      metadata:
        name: b
      spec: {containers: [{name: c, image: c:1}]}
    `, errors: [{ line: 14, column: 9, message: 'Pod b: its pod would never be created, the API server answers "exceeded quota: one, requested: count/pods=1, used: count/pods=1, limited: count/pods=1". ResourceQuota one in namespace default: used before these manifests (the snapshot\'s pods): count/pods 0/1.' }] },
    { name: 'a pods quota: the replicas value', manifests: yaml`
      apiVersion: v1
      kind: ResourceQuota
      metadata: {name: few}
      spec: {hard: {pods: "2"}}
      ---
      apiVersion: apps/v1
      kind: StatefulSet
      metadata: {name: db}
      spec:
        replicas: 3
        serviceName: db
        selector: {matchLabels: {app: db}}
        template:
          metadata: {labels: {app: db}}
          spec: {containers: [{name: db, image: db:1}]}
    `, errors: [{ line: 10, column: 13, message: 'StatefulSet db: 1 of 3 replicas would never be created, the API server answers "exceeded quota: few, requested: pods=1, used: pods=2, limited: pods=2". ResourceQuota few in namespace default: used before these manifests (the snapshot\'s pods): pods 0/2.' }] },
  ],
});
