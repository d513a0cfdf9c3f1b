// The eslint-utils subpath alone: the package root also loads typescript-estree, which costs half a second.
import { RuleCreator } from '@typescript-eslint/utils/eslint-utils';
import * as yamlParser from 'yaml-eslint-parser';
import { RULES } from '../../rules/index.js';
import type { Level, Rule } from '../rules/rule.js';
import { TOOL_NAME, TOOL_VERSION } from '../meta.js';
import { FALLBACK_MESSAGE_ID, findingsFor, messageOf } from './findings.js';

/**
 * berth as an ESLint plugin (`berth/eslint-plugin`): every berth rule is the ESLint rule `berth/<rule-id>`,
 * generated from the same metadata (description, messages, docs URL), over `yaml-eslint-parser`. Each rule
 * reports its own findings from one pipeline run per file (findings.ts caches it).
 *
 *   import berth from 'berth/eslint-plugin';
 *   export default [...berth.configs.recommended, { settings: { berth: { cluster: 'cluster.yaml' } } }];
 */

const createRule = RuleCreator((name) => RULES.find((rule) => rule.id === name)?.helpUri ?? '');

function toEslintRule(rule: Rule) {
  return createRule<[], string>({
    name: rule.id,
    meta: {
      type: rule.level === 'error' ? 'problem' : 'suggestion',
      docs: { description: rule.description },
      messages: { ...(rule.messages as Record<string, string>), [FALLBACK_MESSAGE_ID]: '{{message}}' },
      schema: [],
    },
    defaultOptions: [],
    create(context) {
      return {
        'Program:exit'() {
          for (const finding of findingsFor(context.sourceCode, context.filename, context.cwd, context.settings)) {
            if (finding.ruleId !== rule.id) continue;
            const { location } = finding;
            context.report({
              ...messageOf(rule, finding),
              // ESLint lines are 1-based like berth's; its columns are 0-based.
              loc: { start: { line: location.line, column: location.column - 1 }, end: { line: location.endLine, column: location.endColumn - 1 } },
            });
          }
        },
      };
    },
  });
}

type EslintRuleModule = ReturnType<typeof toEslintRule>;
type Severity = 'error' | 'warn' | 'off';

export interface FlatConfig {
  name: string;
  files: string[];
  plugins: Record<string, unknown>;
  languageOptions: { parser: unknown };
  rules: Record<string, Severity>;
}

export interface BerthPlugin {
  meta: { name: string; version: string };
  rules: Record<string, EslintRuleModule>;
  configs: { recommended: FlatConfig[]; all: FlatConfig[] };
}

/** berth's levels on ESLint's two: notes are worth a look, not a failed build. */
const SEVERITY: Record<Level, Severity> = { error: 'error', warning: 'warn', note: 'warn' };

export const FILES = ['**/*.yaml', '**/*.yml'];

const plugin: BerthPlugin = {
  meta: { name: `${TOOL_NAME}/eslint-plugin`, version: TOOL_VERSION },
  rules: Object.fromEntries(RULES.map((rule) => [rule.id, toEslintRule(rule)])),
  configs: { recommended: [], all: [] },
};

function config(name: string, rules: Record<string, Severity>): FlatConfig[] {
  return [{ name: `berth/${name}`, files: FILES, plugins: { berth: plugin }, languageOptions: { parser: yamlParser }, rules }];
}

/** Errors and warnings at berth's default levels; notes stay off. */
plugin.configs.recommended = config(
  'recommended',
  Object.fromEntries(RULES.map((rule) => [`berth/${rule.id}`, rule.level === 'note' ? 'off' : SEVERITY[rule.level]])),
);
/** Every rule, notes included (as warnings). */
plugin.configs.all = config('all', Object.fromEntries(RULES.map((rule) => [`berth/${rule.id}`, SEVERITY[rule.level]])));

export default plugin;
