import { checkFiles, type CheckOptions, type CheckResult } from '../../src/check.js';

/** Checks inline YAML as if it were one file named `name` (default `test.yaml`). */
export function lintYaml(text: string, options: CheckOptions & { name?: string } = {}): CheckResult {
  return checkFiles([{ path: options.name ?? 'test.yaml', text }], options);
}

/** Strips the common indentation of a template literal so inline YAML reads naturally in tests. */
export function yaml(strings: TemplateStringsArray, ...values: unknown[]): string {
  const text = strings.reduce((acc, s, i) => acc + s + (i < values.length ? String(values[i]) : ''), '');
  const lines = text.replace(/^\n/, '').replace(/\n\s*$/, '\n').split('\n');
  const indent = Math.min(...lines.filter((l) => l.trim()).map((l) => l.length - l.trimStart().length));
  return lines.map((l) => l.slice(indent)).join('\n');
}
