import type { Location, Path, PathPart } from '../read/source.js';
import type { KubeObject, ObjectRef } from '../model/object.js';
import type { Workload } from '../model/workload.js';
import { RULES_DOC_URL } from '../meta.js';
import type { ClusterSnapshot } from '../schedule/cluster.js';
import type { SimulationResult } from '../schedule/result.js';
import type { WhatIf } from '../whatif/index.js';

export type Level = 'error' | 'warning' | 'note';
export const LEVELS: readonly Level[] = ['error', 'warning', 'note'];

export function levelRank(level: Level): number {
  return level === 'error' ? 3 : level === 'warning' ? 2 : 1;
}

export interface Finding {
  ruleId: string;
  level: Level;
  message: string;
  location: Location;
  object?: ObjectRef;
  /** The container a finding is about, for container-level suppression. */
  container?: string;
}

/** What a rule sees. Placement rules also get the cluster and the simulation (see src/schedule). */
export interface RuleInput {
  /** Every Kubernetes object of the manifests, in read order. */
  objects: readonly KubeObject[];
  workloads: readonly Workload[];
  /** Problems the reader met (YAML errors), for the parse-error rule. */
  readProblems: readonly { location: Location; message: string }[];
  /** Present only when a cluster snapshot was given (placement rules, `needs: 'cluster'`). */
  cluster?: ClusterSnapshot;
  /** The scheduler simulation over `cluster`: every pod's placement or Pending message (src/schedule/result.ts). */
  simulation?: SimulationResult;
  /** The what-if scenario over `simulation` (`--drain`, `--headroom`...; src/whatif), when one was asked for. */
  whatIf?: WhatIf;
}

export type Where =
  | { object: KubeObject; path?: Path; part?: PathPart; container?: string }
  | { location: Location; object?: ObjectRef; container?: string };

export interface RuleContext<M extends string> extends RuleInput {
  report(messageId: M, data: Record<string, string | number>, where: Where): void;
}

export interface RuleDefinition<M extends string = string> {
  /** Stable id: used in config, annotations, SARIF and JSON. Never rename one. */
  id: string;
  level: Level;
  /** One line, sentence case, no trailing period. */
  description: string;
  /** Longer explanation for the docs and SARIF fullDescription. */
  details?: string;
  /** Message templates by id; `{{name}}` is replaced from the report's data. */
  messages: Record<M, string>;
  /** 'cluster' rules run only with a cluster snapshot. */
  needs?: 'manifests' | 'cluster';
  check(context: RuleContext<M>): void;
}

export interface Rule<M extends string = string> extends RuleDefinition<M> {
  helpUri: string;
}

export function defineRule<M extends string>(definition: RuleDefinition<M>): Rule<M> {
  return { ...definition, helpUri: `${RULES_DOC_URL}#${definition.id}` };
}

export function formatMessage(template: string, data: Record<string, string | number>): string {
  return template.replace(/\{\{\s*(\w+)\s*\}\}/g, (whole, key: string) => (key in data ? String(data[key]) : whole));
}
