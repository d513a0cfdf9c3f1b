import type { Path } from '../read/source.js';
import { annotationsOf, asArray, asRecord, asString, isRecord, labelsOf, type KubeObject, type ObjectRef } from './object.js';

/**
 * Any object that makes pods, seen one way: its pod template plus how many pods it wants. Rules and the
 * scheduler never switch on kinds; this is the only place that knows where each kind keeps its template
 * (as kube-linter's extract.PodSpec does).
 */
export interface Workload {
  object: KubeObject;
  ref: ObjectRef;
  /** Path from the object root to the pod template (the object holding `metadata` and `spec`). */
  templatePath: Path;
  /** Path from the object root to the pod spec. */
  specPath: Path;
  /** Pod spec as plain data. */
  spec: Record<string, unknown>;
  /** Template labels (the pods' labels before controllers add theirs). */
  labels: Record<string, string>;
  annotations: Record<string, string>;
  /** Pods the controller wants; for a DaemonSet this is decided per node by the simulator. */
  replicas: number;
  perNode: boolean;
  /** Path of the field that sets `replicas` (or the object's spec when defaulted), for locating findings. */
  replicasPath: Path;
  /** The workload's own selector (`spec.selector`), when the kind has one and the manifest sets it. */
  selector?: WorkloadSelector;
  /** True for kinds whose pods run until deleted (not Jobs, CronJobs or bare Pods that complete). */
  longRunning: boolean;
}

export interface WorkloadSelector {
  /** A metav1.LabelSelector (a ReplicationController's plain map arrives as `{ matchLabels: map }`). */
  value: unknown;
  path: Path;
  /** The API server rejects an empty selector (`{}`) for this kind ("empty selector is invalid for deployment"). */
  emptyIsInvalid: boolean;
  /**
   * Labels the controller adds to the pods itself and the selector must select, or the API server answers
   * "`selector` not auto-generated": a Job without `manualSelector: true` (pkg/apis/batch/validation).
   */
  generatedLabels?: Record<string, string>;
}

type Extractor = (object: KubeObject) => Omit<Workload, 'object' | 'ref' | 'labels' | 'annotations' | 'spec'> | undefined;

function count(value: unknown, fallback: number): number {
  return typeof value === 'number' && Number.isInteger(value) && value >= 0 ? value : fallback;
}

function replicated(longRunning: boolean): Extractor {
  return (object) => {
    const spec = asRecord(object.raw.spec);
    return {
      templatePath: ['spec', 'template'],
      specPath: ['spec', 'template', 'spec'],
      replicas: count(spec.replicas, 1),
      perNode: false,
      replicasPath: 'replicas' in spec ? ['spec', 'replicas'] : ['spec'],
      selector: 'selector' in spec ? { value: spec.selector, path: ['spec', 'selector'], emptyIsInvalid: true } : undefined,
      longRunning,
    };
  };
}

/**
 * A ReplicationController's selector is a plain label map, defaulted from the template labels when empty
 * (pkg/apis/core/v1/defaults.go SetDefaults_ReplicationController), so only a non-empty one is checked.
 */
const replicationController: Extractor = (object) => {
  const shape = replicated(true)(object)!;
  const selector = asRecord(object.raw.spec).selector;
  const given = isRecord(selector) && Object.keys(selector).length > 0;
  return { ...shape, selector: given ? { value: { matchLabels: selector }, path: ['spec', 'selector'], emptyIsInvalid: false } : undefined };
};

/**
 * Unless `manualSelector: true`, the API server adds controller-uid and job-name labels to a Job's pods and
 * its selector must select them (pkg/registry/batch/job/strategy.go generateSelector). The uid is not known
 * before creation, so it stands here as a placeholder no user selector can name.
 */
function jobSelector(job: Record<string, unknown>, jobSpec: Record<string, unknown>, path: Path): WorkloadSelector | undefined {
  if (!('selector' in jobSpec)) return undefined;
  if (jobSpec.manualSelector === true) return { value: jobSpec.selector, path, emptyIsInvalid: false };
  const name = asString(asRecord(job.metadata).name) ?? '';
  const uid = '<uid assigned at creation>';
  return {
    value: jobSpec.selector,
    path,
    emptyIsInvalid: false,
    generatedLabels: { 'controller-uid': uid, 'batch.kubernetes.io/controller-uid': uid, 'job-name': name, 'batch.kubernetes.io/job-name': name },
  };
}

/** Job pods running at once: parallelism (default 1) capped by completions (pkg/apis/batch/v1/defaults.go). */
function jobPods(jobSpec: Record<string, unknown>): number {
  const parallelism = count(jobSpec.parallelism, 1);
  return typeof jobSpec.completions === 'number' ? Math.min(parallelism, count(jobSpec.completions, 1)) : parallelism;
}

const EXTRACTORS: Record<string, Extractor> = {
  Pod: (object) => ({
    templatePath: [],
    specPath: ['spec'],
    replicas: 1,
    perNode: false,
    replicasPath: ['kind'],
    longRunning: asString(asRecord(object.raw.spec).restartPolicy) !== 'Never' && asString(asRecord(object.raw.spec).restartPolicy) !== 'OnFailure',
  }),
  Deployment: replicated(true),
  ReplicaSet: replicated(true),
  StatefulSet: replicated(true),
  ReplicationController: replicationController,
  DaemonSet: (object) => ({
    templatePath: ['spec', 'template'],
    specPath: ['spec', 'template', 'spec'],
    replicas: 0,
    perNode: true,
    replicasPath: ['kind'],
    selector: 'selector' in asRecord(object.raw.spec) ? { value: asRecord(object.raw.spec).selector, path: ['spec', 'selector'], emptyIsInvalid: true } : undefined,
    longRunning: true,
  }),
  Job: (object) => {
    const spec = asRecord(object.raw.spec);
    return {
      templatePath: ['spec', 'template'],
      specPath: ['spec', 'template', 'spec'],
      replicas: jobPods(spec),
      perNode: false,
      replicasPath: 'parallelism' in spec ? ['spec', 'parallelism'] : ['spec'],
      selector: jobSelector(object.raw, spec, ['spec', 'selector']),
      longRunning: false,
    };
  },
  CronJob: (object) => {
    const jobSpec = asRecord(asRecord(asRecord(object.raw.spec).jobTemplate).spec);
    return {
      templatePath: ['spec', 'jobTemplate', 'spec', 'template'],
      specPath: ['spec', 'jobTemplate', 'spec', 'template', 'spec'],
      replicas: jobPods(jobSpec),
      perNode: false,
      replicasPath: 'parallelism' in jobSpec ? ['spec', 'jobTemplate', 'spec', 'parallelism'] : ['spec', 'jobTemplate'],
      longRunning: false,
    };
  },
};

export const WORKLOAD_KINDS: readonly string[] = Object.keys(EXTRACTORS);

/** Built-in workload API groups; a CRD that reuses a kind name (e.g. a `Deployment` of another group) is not a workload. */
const WORKLOAD_GROUPS = new Set(['v1', 'apps/v1', 'apps/v1beta1', 'apps/v1beta2', 'extensions/v1beta1', 'batch/v1', 'batch/v1beta1', 'batch/v2alpha1']);

export function toWorkload(object: KubeObject): Workload | undefined {
  const extract = EXTRACTORS[object.ref.kind];
  if (!extract || !WORKLOAD_GROUPS.has(object.ref.apiVersion)) return undefined;
  const shape = extract(object);
  if (!shape) return undefined;
  let template: unknown = object.raw;
  for (const segment of shape.templatePath) template = asRecord(template)[segment as string];
  const spec = asRecord(template).spec;
  if (!isRecord(spec)) return undefined; // nothing to check without a pod spec; the schema rule says why
  const templateRecord = asRecord(template);
  return {
    ...shape,
    object,
    ref: object.ref,
    spec,
    labels: labelsOf(templateRecord),
    annotations: annotationsOf(templateRecord),
  };
}

export type ContainerKind = 'container' | 'init' | 'sidecar';

export interface ContainerRef {
  container: Record<string, unknown>;
  name: string;
  kind: ContainerKind;
  /** Path from the object root to the container. */
  path: Path;
}

/**
 * Every container of a workload's pod spec: init containers first (in order), then regular ones. An init
 * container with `restartPolicy: Always` is a sidecar: it runs alongside the app and counts like one.
 */
export function containersOf(workload: Workload): ContainerRef[] {
  const out: ContainerRef[] = [];
  asArray(workload.spec.initContainers).forEach((c, i) => {
    if (!isRecord(c)) return;
    const kind: ContainerKind = c.restartPolicy === 'Always' ? 'sidecar' : 'init';
    out.push({ container: c, name: asString(c.name) ?? `#${i}`, kind, path: [...workload.specPath, 'initContainers', i] });
  });
  asArray(workload.spec.containers).forEach((c, i) => {
    if (!isRecord(c)) return;
    out.push({ container: c, name: asString(c.name) ?? `#${i}`, kind: 'container', path: [...workload.specPath, 'containers', i] });
  });
  return out;
}

/** How findings name a container: `container web`, `init container migrate`, `sidecar container proxy`. */
export function describeContainer(ref: Pick<ContainerRef, 'kind' | 'name'>): string {
  const noun = ref.kind === 'init' ? 'init container' : ref.kind === 'sidecar' ? 'sidecar container' : 'container';
  return `${noun} ${ref.name}`;
}
