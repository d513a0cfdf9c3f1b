import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { yaml } from '../helpers/lint.js';

/** A kubeadm-style cluster: a tainted control-plane node and two 2-CPU workers (kubectl get nodes -o yaml, trimmed). */
export const CLUSTER = yaml`
  apiVersion: v1
  kind: List
  items:
    - apiVersion: v1
      kind: Node
      metadata:
        name: master231
        labels: { kubernetes.io/hostname: master231, node-role.kubernetes.io/control-plane: "" }
      spec:
        taints:
          - { key: node-role.kubernetes.io/control-plane, effect: NoSchedule }
      status:
        allocatable: { cpu: "2", memory: 3759112Ki, pods: "110" }
        conditions:
          - { type: Ready, status: "True" }
    - apiVersion: v1
      kind: Node
      metadata:
        name: worker232
        labels: { kubernetes.io/hostname: worker232 }
      status:
        allocatable: { cpu: "2", memory: 3759112Ki, pods: "110" }
        conditions:
          - { type: Ready, status: "True" }
    - apiVersion: v1
      kind: Node
      metadata:
        name: worker233
        labels: { kubernetes.io/hostname: worker233 }
      status:
        allocatable: { cpu: "2", memory: 3759112Ki, pods: "110" }
        conditions:
          - { type: Ready, status: "True" }
`;

/** Three replicas that each want host port 8080: two workers, so one stays Pending (the master is tainted). */
export const WEB = yaml`
  apiVersion: apps/v1
  kind: Deployment
  metadata:
    name: web
    namespace: shop
  spec:
    replicas: 3
    selector:
      matchLabels: { app: web }
    template:
      metadata:
        labels: { app: web }
      spec:
        containers:
          - name: nginx
            image: nginx:1.27
            ports:
              - containerPort: 80
                hostPort: 8080
            resources:
              requests: { cpu: 250m, memory: 128Mi }
              limits: { memory: 128Mi }
            readinessProbe:
              httpGet: { path: /healthz, port: 80 }
`;

/** A clean ConfigMap: no rule has anything to say about it. */
/** A host-network Pod: a `host-network` warning and nothing else. */
export const AGENT = yaml`
  apiVersion: v1
  kind: Pod
  metadata:
    name: agent
    namespace: shop
  spec:
    hostNetwork: true
    containers:
      - name: agent
        image: example/agent:2.1
        resources:
          requests: { cpu: 50m, memory: 32Mi }
          limits: { memory: 32Mi }
        readinessProbe:
          exec: { command: [cat, /tmp/ready] }
`;

export const SETTINGS = yaml`
  apiVersion: v1
  kind: ConfigMap
  metadata:
    name: settings
    namespace: shop
  data:
    LOG_LEVEL: info
`;

export function git(dir: string, ...args: string[]): string {
  return execFileSync('git', args, {
    cwd: dir,
    encoding: 'utf8',
    env: { ...process.env, GIT_AUTHOR_NAME: 'berth test', GIT_AUTHOR_EMAIL: 'test@example.com', GIT_COMMITTER_NAME: 'berth test', GIT_COMMITTER_EMAIL: 'test@example.com' },
  }).trim();
}

/** Writes files (path → text) under dir, creating directories. */
export function writeFiles(dir: string, files: Record<string, string>): void {
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), text);
  }
}

/** A git repository in a temporary directory with the files committed on `main`; returns its path. */
export function makeRepository(files: Record<string, string>, prefix = 'berth-action-'): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  git(dir, 'init', '-q', '-b', 'main');
  writeFiles(dir, files);
  git(dir, 'add', '-A');
  git(dir, 'commit', '-q', '-m', 'initial manifests');
  return dir;
}
