/**
 * GitHub Actions workflow commands and file commands, written directly rather than through @actions/core:
 * berth needs four of them, and the bundle stays free of the toolkit's HTTP client.
 * Escaping mirrors actions/toolkit packages/core/src/command.ts (escapeData / escapeProperty).
 */
import { randomUUID } from 'node:crypto';

export type AnnotationLevel = 'error' | 'warning' | 'notice';

export interface AnnotationProperties {
  title?: string;
  file?: string;
  line?: number;
  endLine?: number;
  col?: number;
  endColumn?: number;
}

/** A command's message: `%`, CR and LF would end or corrupt the command line. */
export function escapeData(text: string): string {
  return text.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

/** A command property value: additionally `:` ends the properties and `,` separates them. */
export function escapeProperty(text: string): string {
  return escapeData(text).replace(/:/g, '%3A').replace(/,/g, '%2C');
}

/** `::error file=a.yaml,line=3,...::message` — properties in a fixed order, absent ones left out. */
export function annotationCommand(level: AnnotationLevel, message: string, properties: AnnotationProperties = {}): string {
  const order: (keyof AnnotationProperties)[] = ['file', 'line', 'col', 'endLine', 'endColumn', 'title'];
  const props = order
    .filter((key) => properties[key] !== undefined && properties[key] !== '')
    .map((key) => `${key}=${escapeProperty(String(properties[key]))}`)
    .join(',');
  return `::${level}${props ? ' ' + props : ''}::${escapeData(message)}`;
}

/**
 * One `name<<delimiter` block of a file command ($GITHUB_OUTPUT), as the toolkit's prepareKeyValueMessage
 * writes it: the random delimiter cannot occur in the value, so any value (paths with newlines too) is safe.
 */
export function fileCommandEntry(name: string, value: string): string {
  let delimiter = `ghadelimiter_${randomUUID()}`;
  while (value.includes(delimiter) || name.includes(delimiter)) delimiter = `ghadelimiter_${randomUUID()}`;
  return `${name}<<${delimiter}\n${value}\n${delimiter}\n`;
}
