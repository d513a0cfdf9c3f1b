/**
 * The action's inputs, as the runner passes them: `INPUT_<NAME>` environment variables, name upper-cased,
 * spaces as `_`, hyphens kept (actions/toolkit core.getInput). Defaults come from action.yml; the runner
 * always sets every declared input, so an unset variable here means "not run by the runner" and falls back
 * to the same defaults.
 */
import type { FailOn } from '../read/config.js';

export interface ActionInputs {
  /** Files, directories and globs to check (one per line). */
  paths: string[];
  /** Cluster snapshot paths (one per line); empty: `cluster:` of `.berth.yaml`, if any. */
  cluster: string[];
  config?: string;
  failOn: FailOn;
  sarifFile: string;
  annotations: boolean;
  summary: boolean;
  onlyChanged: boolean;
}

export const INPUT_DEFAULTS = {
  paths: '.',
  cluster: '',
  config: '',
  'fail-on': 'error',
  'sarif-file': 'berth.sarif',
  annotations: 'true',
  summary: 'true',
  'only-changed': 'false',
} as const;

export type InputName = keyof typeof INPUT_DEFAULTS;

const FAIL_ON_VALUES: readonly FailOn[] = ['error', 'warning', 'note', 'none'];

export type InputsResult = { ok: true; inputs: ActionInputs } | { ok: false; problems: string[] };

export function readInputs(env: Readonly<Record<string, string | undefined>>): InputsResult {
  const problems: string[] = [];
  const raw = (name: InputName): string => {
    const value = env[`INPUT_${name.replace(/ /g, '_').toUpperCase()}`];
    return (value === undefined ? INPUT_DEFAULTS[name] : value).trim();
  };
  const boolean = (name: InputName): boolean => {
    const value = raw(name);
    // The YAML 1.2 core schema booleans, as core.getBooleanInput accepts them.
    if (['true', 'True', 'TRUE'].includes(value)) return true;
    if (['false', 'False', 'FALSE'].includes(value)) return false;
    problems.push(`input ${name}: expected true or false, got ${JSON.stringify(value)}`);
    return false;
  };
  const failOnText = raw('fail-on') || INPUT_DEFAULTS['fail-on'];
  const failOn = FAIL_ON_VALUES.find((v) => v === failOnText);
  if (!failOn) problems.push(`input fail-on: expected one of ${FAIL_ON_VALUES.join(', ')}, got ${JSON.stringify(failOnText)}`);
  const paths = lines(raw('paths'));
  const config = raw('config');
  const inputs: ActionInputs = {
    paths: paths.length > 0 ? paths : [INPUT_DEFAULTS.paths],
    cluster: lines(raw('cluster')),
    ...(config ? { config } : {}),
    failOn: failOn ?? 'error',
    sarifFile: raw('sarif-file') || INPUT_DEFAULTS['sarif-file'],
    annotations: boolean('annotations'),
    summary: boolean('summary'),
    onlyChanged: boolean('only-changed'),
  };
  return problems.length > 0 ? { ok: false, problems } : { ok: true, inputs };
}

/** A multi-line input (a YAML block scalar in the workflow): one entry per non-blank line. */
function lines(text: string): string[] {
  return text
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line !== '');
}
