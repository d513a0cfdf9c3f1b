import type { Level, Rule } from '../rules/rule.js';
import { IGNORE_PREFIX } from '../rules/run.js';

/** Formats of `berth rules`; `markdown` is what `npm run docs` writes to docs/rules.md. */
export const RULE_LIST_FORMATS = ['text', 'json', 'markdown'] as const;
export type RuleListFormat = (typeof RULE_LIST_FORMATS)[number];

export function formatRuleList(rules: readonly Rule[], format: RuleListFormat): string {
  switch (format) {
    case 'text':
      return rules.map((rule) => `${rule.id.padEnd(30)} ${rule.level.padEnd(8)} ${rule.description}\n`).join('');
    case 'json':
      return JSON.stringify(rules.map(ruleMetadata), null, 2) + '\n';
    case 'markdown':
      return rulesMarkdown(rules);
  }
}

export interface RuleMetadata {
  id: string;
  level: Level;
  description: string;
  details?: string;
  helpUri: string;
  needs: 'manifests' | 'cluster';
  messages: Record<string, string>;
}

/** The declarative part of a rule (everything but `check`), as `berth rules --format json` prints it. */
export function ruleMetadata(rule: Rule): RuleMetadata {
  return {
    id: rule.id,
    level: rule.level,
    description: rule.description,
    ...(rule.details === undefined ? {} : { details: rule.details }),
    helpUri: rule.helpUri,
    needs: rule.needs ?? 'manifests',
    messages: { ...(rule.messages as Record<string, string>) },
  };
}

/**
 * docs/rules.md: an index table, then one section per rule. Each section's heading is the bare rule id,
 * so GitHub's heading anchor is `#<rule-id>`, the fragment of every rule's helpUri.
 */
export function rulesMarkdown(rules: readonly Rule[]): string {
  const lines = [
    '# Rules',
    '',
    '<!-- Generated from the rule metadata in rules/*.ts by `npm run docs`; do not edit by hand. -->',
    '',
    'Every rule berth checks, with its default level. Change a level or turn a rule off in `.berth.yaml`;',
    `silence one object with the annotation \`${IGNORE_PREFIX}<rule-id>: "<reason>"\` (or \`${IGNORE_PREFIX}all\`),`,
    `one container with \`${IGNORE_PREFIX}<rule-id>.<container-name>\`.`,
    '',
    '| Rule | Level | Description |',
    '| --- | --- | --- |',
    ...rules.map((rule) => `| [${rule.id}](#${rule.id}) | ${rule.level} | ${tableCell(rule.description)} |`),
  ];
  for (const rule of rules) lines.push('', ...ruleSection(rule));
  return lines.join('\n') + '\n';
}

function ruleSection(rule: Rule): string[] {
  const lines = [`## ${rule.id}`, '', `**Default level:** ${rule.level}`];
  if (rule.needs === 'cluster') lines.push('', '**Runs only with a cluster snapshot** (`--cluster`).');
  lines.push('', `${rule.description}.`);
  if (rule.details) lines.push('', rule.details);
  const messages = Object.values(rule.messages as Record<string, string>);
  lines.push('', messages.length === 1 ? 'Example message:' : 'Example messages:', '');
  for (const message of messages) lines.push(`- ${messageExample(message)}`);
  return lines;
}

/** A message template with its `{{placeholders}}` shown as `<placeholder>`, in a code span. */
export function messageExample(template: string): string {
  const text = template.replace(/\{\{\s*(\w+)\s*\}\}/g, '<$1>');
  const fence = text.includes('`') ? '``' : '`';
  const pad = text.startsWith('`') || text.endsWith('`') ? ' ' : '';
  return `${fence}${pad}${text}${pad}${fence}`;
}

function tableCell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\r?\n/g, ' ');
}
