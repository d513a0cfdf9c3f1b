import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import type { ErrorObject, ValidateFunction } from 'ajv';
import type { minimatch as Minimatch } from 'minimatch';
import { parseYaml } from './yaml.js';
import type { Path, SourceDocument, Span } from './source.js';
import { PACKAGE_ROOT } from '../meta.js';
import { isRecord } from '../model/object.js';
import type { Level } from '../rules/rule.js';
import { RULES } from '../../rules/index.js';

/** Names berth looks for, in this order, in each directory from the working directory upward. */
export const CONFIG_FILE_NAMES = ['.berth.yaml', '.berth.yml'] as const;

export type RuleSetting = Level | 'off';
export type FailOn = Level | 'none';

/** A valid `.berth.yaml`, with paths made usable from the working directory. */
export interface BerthConfig {
  /** The config file: as named with --config, or relative to the working directory when found upward. */
  file: string;
  /** Absolute directory of the config file; `ignore` and `cluster` are relative to it. */
  baseDir: string;
  rules: Record<string, RuleSetting>;
  /** Path globs as written in the file (relative to baseDir). */
  ignore: string[];
  /** Cluster snapshot paths, resolved against baseDir and shown relative to the working directory. */
  cluster: string[];
  kubeVersion?: string;
  failOn?: FailOn;
}

/** One problem with a config file; printed as `file:line:col: message` (or `file: message` without a position). */
export interface ConfigProblem {
  file: string;
  line?: number;
  column?: number;
  message: string;
}

export interface ConfigResult {
  /** Absent when no config file exists (not an error) or when it has problems. */
  config?: BerthConfig;
  problems: ConfigProblem[];
}

export function formatConfigProblem(problem: ConfigProblem): string {
  const where = problem.line === undefined ? problem.file : `${problem.file}:${problem.line}:${problem.column ?? 1}`;
  return `${where}: ${problem.message}`;
}

/**
 * Reads the config named by --config, or else the nearest `.berth.yaml`/`.berth.yml` from `cwd` upward.
 * The walk stops at the file system root, and at a git repository root after checking it: a config above
 * the repository belongs to some other project.
 */
export function loadConfig(options: { cwd: string; configFile?: string; ruleIds?: readonly string[] }): ConfigResult {
  const { cwd } = options;
  const ruleIds = options.ruleIds ?? RULES.map((rule) => rule.id);
  if (options.configFile !== undefined) {
    const absolute = resolve(cwd, options.configFile);
    return readConfigFile(absolute, options.configFile, cwd, ruleIds);
  }
  const found = findConfigFile(cwd);
  if (found === undefined) return { problems: [] };
  if ('message' in found) return { problems: [found] };
  return readConfigFile(found.path, displayPath(cwd, found.path), cwd, ruleIds);
}

export function findConfigFile(startDir: string): { path: string } | ConfigProblem | undefined {
  let dir = resolve(startDir);
  for (;;) {
    const present = CONFIG_FILE_NAMES.filter((name) => existsSync(join(dir, name)));
    if (present.length > 1) {
      return { file: join(dir, present[1]!), message: `both ${present.join(' and ')} exist in ${dir}; keep one` };
    }
    if (present.length === 1) return { path: join(dir, present[0]!) };
    const parent = dirname(dir);
    if (parent === dir || existsSync(join(dir, '.git'))) return undefined;
    dir = parent;
  }
}

function readConfigFile(absolute: string, shown: string, cwd: string, ruleIds: readonly string[]): ConfigResult {
  let text: string;
  try {
    text = readFileSync(absolute, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const reason = code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'is a directory, not a config file' : `cannot read (${code ?? (error as Error).message})`;
    return { problems: [{ file: shown, message: `config file: ${reason}` }] };
  }
  return parseConfig(text, { file: shown, baseDir: dirname(absolute), cwd, ruleIds });
}

/** Parses and validates config text. Pure: paths are resolved as strings, never touched on disk. */
export function parseConfig(text: string, where: { file: string; baseDir: string; cwd: string; ruleIds: readonly string[] }): ConfigResult {
  const { file } = where;
  const parsed = parseYaml(text, file, { version: '1.2' });
  const problems: ConfigProblem[] = parsed.problems.map((p) => ({ file, line: p.span.line, column: p.span.column, message: p.message }));
  if (problems.length > 0) return { problems };
  const [doc, extra] = parsed.documents;
  if (extra) return { problems: [at(extra, [], 'key', 'a config file holds one YAML document; remove the `---` and what follows')] };
  // An empty file (or one with only comments) is a valid config that changes nothing.
  const value: unknown = doc?.value ?? {};
  const validate = configValidator();
  if (!validate(value)) problems.push(...dedupe(validate.errors ?? []).map((error) => schemaProblem(error, value, doc)));
  const rules = isRecord(value) && isRecord(value.rules) ? value.rules : {};
  for (const id of Object.keys(rules)) {
    if (!where.ruleIds.includes(id)) problems.push(at(doc, ['rules', id], 'key', unknownRuleMessage(id, where.ruleIds)));
  }
  if (problems.length > 0) return { problems: sortProblems(problems) };
  const data = value as RawConfig;
  return {
    problems: [],
    config: {
      file,
      baseDir: where.baseDir,
      rules: { ...(data.rules ?? {}) },
      ignore: [...(data.ignore ?? [])],
      cluster: (data.cluster ?? []).map((p) => displayPath(where.cwd, resolve(where.baseDir, p))),
      ...(data.kubeVersion !== undefined ? { kubeVersion: data.kubeVersion } : {}),
      ...(data.failOn !== undefined ? { failOn: data.failOn } : {}),
    },
  };

  function at(document: SourceDocument | undefined, path: Path, part: 'key' | 'value', message: string): ConfigProblem {
    const span = document?.locate(path, part) ?? { line: 1, column: 1 };
    return { file, line: span.line, column: span.column, message };
  }

  function schemaProblem(error: ErrorObject, root: unknown, document: SourceDocument | undefined): ConfigProblem {
    const path = instancePath(error.instancePath);
    if (error.keyword === 'additionalProperties') {
      const key = String((error.params as { additionalProperty: string }).additionalProperty);
      const allowed = Object.keys(configSchema().properties ?? {}).join(', ');
      const message = path.length === 0 ? `unknown key "${key}"; allowed keys: ${allowed}` : `${showPath(path)}: unknown key "${key}"`;
      return at(document, [...path, key], 'key', message);
    }
    const part = path.length === 0 ? 'key' : 'value';
    const value = valueAt(root, path);
    if (error.keyword === 'type' && error.instancePath === '/kubeVersion' && typeof value === 'number') {
      // 1.30 unquoted is the number 1.3: say so with the text the user wrote, so the fix is obvious.
      const written = document ? sourceText(text, document.locate(path, 'value')) : String(value);
      return at(document, path, part, `kubeVersion: quote the version: kubeVersion: "${written}" (unquoted, YAML reads ${written} as the number ${value})`);
    }
    return at(document, path, part, `${showPath(path)}: ${describeError(error, value)}`);
  }
}

/** In file order, as an editor's problem list shows them. */
function sortProblems(problems: ConfigProblem[]): ConfigProblem[] {
  return [...problems].sort((a, b) => (a.line ?? 0) - (b.line ?? 0) || (a.column ?? 0) - (b.column ?? 0));
}

/** The shape the schema guarantees once it validates. */
interface RawConfig {
  rules?: Record<string, RuleSetting>;
  ignore?: string[];
  cluster?: string[];
  kubeVersion?: string;
  failOn?: FailOn;
}

interface JsonSchemaObject {
  properties?: Record<string, { enum?: string[] }>;
}

let schemaCache: JsonSchemaObject | undefined;
let validatorCache: ValidateFunction | undefined;

function configSchema(): JsonSchemaObject {
  schemaCache ??= JSON.parse(readFileSync(join(PACKAGE_ROOT, 'schemas', 'config.schema.json'), 'utf8')) as JsonSchemaObject;
  return schemaCache;
}

/** Compiled once per process: ajv compilation costs far more than validating a small file. */
function configValidator(): ValidateFunction {
  if (!validatorCache) {
    // ajv is CommonJS; require() keeps it synchronous and unloaded until something is validated (cold start).
    // verbose: errors carry their schema, so a wrong type can list the allowed values.
    const Ajv = (createRequire(import.meta.url)('ajv') as { default: new (options: object) => { compile(schema: object): ValidateFunction } }).default;
    validatorCache = new Ajv({ allErrors: true, strict: true, verbose: true }).compile(configSchema());
  }
  return validatorCache;
}

/** One problem per place: a wrong type also fails the enum and pattern checks at the same value. */
function dedupe(errors: readonly ErrorObject[]): ErrorObject[] {
  const seen = new Set<string>();
  return errors.filter((error) => {
    const extra = error.keyword === 'additionalProperties' ? `/${String((error.params as { additionalProperty: string }).additionalProperty)}` : '';
    const key = error.instancePath + extra;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

function describeError(error: ErrorObject, value: unknown): string {
  const params = error.params as Record<string, unknown>;
  switch (error.keyword) {
    case 'type':
      if (Array.isArray(error.parentSchema?.enum)) return `${describeValue(value)} is not one of ${(error.parentSchema.enum as unknown[]).join(', ')}`;
      return `must be ${TYPE_NAMES[String(params.type)] ?? String(params.type)}, not ${describeValue(value)}`;
    case 'enum':
      return `${describeValue(value)} is not one of ${(params.allowedValues as unknown[]).join(', ')}`;
    case 'pattern':
      return error.instancePath === '/kubeVersion'
        ? `${describeValue(value)} is not a Kubernetes version such as "1.34"`
        : `${describeValue(value)} does not match ${String(params.pattern)}`;
    case 'minLength':
      return 'must not be empty';
    default:
      return error.message ?? 'is invalid';
  }
}

const TYPE_NAMES: Record<string, string> = {
  object: 'a mapping (key: value)',
  array: 'a list',
  string: 'a string',
};

function describeValue(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'a mapping';
  if (typeof value === 'string') return JSON.stringify(value);
  return `${typeof value} ${String(value)}`;
}

/** JSON Pointer (RFC 6901) to a path; list indexes become numbers so they locate sequence items. */
function instancePath(pointer: string): (string | number)[] {
  if (pointer === '') return [];
  return pointer
    .slice(1)
    .split('/')
    .map((segment) => segment.replace(/~1/g, '/').replace(/~0/g, '~'))
    .map((segment) => (/^(0|[1-9][0-9]*)$/.test(segment) ? Number(segment) : segment));
}

function valueAt(root: unknown, path: readonly (string | number)[]): unknown {
  let value = root;
  for (const segment of path) value = (value as Record<string | number, unknown> | undefined)?.[segment];
  return value;
}

/** `rules.host-network`, `ignore[2]`; the top level is named for what it is. */
function showPath(path: readonly (string | number)[]): string {
  if (path.length === 0) return 'the config';
  return path.map((s, i) => (typeof s === 'number' ? `[${s}]` : i === 0 ? s : `.${s}`)).join('');
}

function unknownRuleMessage(id: string, known: readonly string[]): string {
  const closest = known
    .map((candidate) => ({ candidate, distance: editDistance(id, candidate) }))
    .filter((c) => c.distance <= Math.max(2, Math.floor(id.length / 4)))
    .sort((a, b) => a.distance - b.distance)[0];
  const hint = closest ? ` (did you mean "${closest.candidate}"?)` : '';
  return `unknown rule "${id}"${hint}; known rules: ${known.join(', ')}`;
}

function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      current[j] = Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    previous = current;
  }
  return previous[b.length]!;
}

/** The text of a one-line span (a scalar value). */
function sourceText(text: string, span: Span): string {
  const line = text.replace(/^\ufeff/, '').split(/\r?\n/)[span.line - 1] ?? '';
  return span.endLine === span.line ? line.slice(span.column - 1, span.endColumn - 1) : line.slice(span.column - 1);
}

/** Relative to the working directory (how users name files) unless the absolute path is shorter. */
function displayPath(cwd: string, absolute: string): string {
  const rel = relative(cwd, absolute);
  if (rel === '') return '.';
  return isAbsolute(rel) || rel.length > absolute.length ? absolute : rel;
}

/** Where `ignore` globs apply: the config file's directory and the globs written there. */
export interface IgnorePaths {
  baseDir: string;
  patterns: readonly string[];
}

/**
 * A predicate over file paths as berth reads them (relative to `cwd`, or absolute). Like .gitignore: a
 * pattern without a `/` matches a file or directory name at any depth, and a matched directory ignores
 * everything under it. Files outside baseDir and standard input are never ignored.
 */
export function ignoreMatcher(ignore: IgnorePaths, cwd: string): (file: string) => boolean {
  // minimatch (and its brace-expansion dependencies: 8 modules) is required only for a config with ignore
  // globs, not by every run (cold start); its CommonJS build keeps this synchronous.
  const minimatch = ignore.patterns.length > 0 ? (createRequire(import.meta.url)('minimatch') as { minimatch: typeof Minimatch }).minimatch : undefined;
  const patterns = ignore.patterns.map((raw) => {
    const anchored = raw.replace(/^\.\//, '').replace(/\/+$/, '');
    const pattern = anchored.startsWith('/') ? anchored.slice(1) : anchored;
    return { pattern, anyDepth: !anchored.includes('/') };
  });
  return (file) => {
    if (!minimatch || file === '<stdin>') return false;
    const rel = relative(ignore.baseDir, resolve(cwd, file)).split(sep).join('/');
    if (rel === '' || rel === '..' || rel.startsWith('../') || isAbsolute(rel)) return false;
    const parts = rel.split('/');
    // The file itself and each directory above it, up to baseDir.
    const candidates = parts.map((_, i) => parts.slice(0, i + 1).join('/'));
    return patterns.some(({ pattern, anyDepth }) =>
      candidates.some((candidate) => minimatch(candidate, pattern, { dot: true, matchBase: anyDepth })),
    );
  };
}
