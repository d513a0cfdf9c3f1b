import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Rule } from '../../src/rules/rule.js';
import { lintYaml } from '../helpers/lint.js';

/** One expected finding: where it points and what it says (the message in full). */
export interface Expected {
  line: number;
  column: number;
  message: string;
  container?: string;
}

export interface Case {
  name: string;
  text: string;
}

export interface InvalidCase extends Case {
  errors: Expected[];
}

/** The typescript-eslint RuleTester shape: every valid case yields nothing, every invalid case exactly `errors`. */
export function ruleTable(rule: Rule, cases: { valid: Case[]; invalid: InvalidCase[] }): void {
  for (const { name, text } of cases.valid) {
    test(`${rule.id} valid: ${name}`, () => {
      assert.deepEqual(findingsOf(rule, text), []);
    });
  }
  for (const { name, text, errors } of cases.invalid) {
    test(`${rule.id} invalid: ${name}`, () => {
      const expected = errors.map((e) => ({ ruleId: rule.id, line: e.line, column: e.column, message: e.message, ...(e.container ? { container: e.container } : {}) }));
      const actual = findingsOf(rule, text);
      assert.deepEqual(actual, expected);
    });
  }
}

function findingsOf(rule: Rule, text: string) {
  return lintYaml(text, { rules: [rule] }).findings.map((f) => ({
    ruleId: f.ruleId,
    line: f.location.line,
    column: f.location.column,
    message: f.message,
    ...(f.container ? { container: f.container } : {}),
  }));
}
