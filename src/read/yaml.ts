import { LineCounter, parseAllDocuments, isMap, isSeq, isScalar, isPair, isAlias, isCollection, visit, type Node, type Document } from 'yaml';
import type { Path, PathPart, SourceDocument, Span } from './source.js';

/**
 * An alias that expands into more than this many nodes is an attack (a "billion laughs"), not a manifest.
 * Real manifests use a handful of aliases at most.
 */
export const MAX_ALIAS_COUNT = 100;

export interface YamlProblem {
  message: string;
  span: Span;
}

export interface ParsedFile {
  documents: SourceDocument[];
  problems: YamlProblem[];
}

/**
 * Parses every document of a YAML or JSON file (JSON is read as YAML, which it almost always is).
 * YAML 1.1 resolution is used because Kubernetes' own decoder (sigs.k8s.io/yaml on go-yaml) reads
 * `yes`/`no`/`on`/`off` as booleans and supports merge keys; berth must see what the API server sees.
 *
 * Position lookups walk the composed node tree lazily, only for documents that get a finding.
 *
 * berth's own files (`.berth.yaml`) are not read by Kubernetes: they use YAML 1.2, as editors' YAML
 * language servers do, so `off` stays the string `off` there.
 */
export function parseYaml(text: string, file: string, options: { version?: '1.1' | '1.2' } = {}): ParsedFile {
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  const lineCounter = new LineCounter();
  const docs = parseAllDocuments(text, {
    version: options.version ?? '1.1',
    lineCounter,
    uniqueKeys: true,
    prettyErrors: false,
    strict: false,
    logLevel: 'silent',
  });
  const mayHaveComplexKeys = text.includes('{') || text.includes('?') || text.includes('[');
  const spanAt = (start: number, end: number): Span => {
    const a = lineCounter.linePos(start);
    const b = lineCounter.linePos(Math.max(start, end));
    return { line: a.line, column: a.col, endLine: b.line, endColumn: b.col };
  };
  const problems: YamlProblem[] = [];
  const documents: SourceDocument[] = [];
  const list = Array.isArray(docs) ? docs : [docs];
  list.forEach((doc, index) => {
    const errors = doc.errors;
    if (errors.length > 0) {
      const first = errors[0]!;
      problems.push({ message: cleanMessage(first.message), span: spanAt(first.pos[0], first.pos[1]) });
      return;
    }
    if (doc.contents === null) return; // an empty document: `---` with nothing after it
    const badKey = mayHaveComplexKeys ? findCollectionKey(doc) : undefined;
    if (badKey) {
      // `{{ .Values.x }}` parses as a mapping used as a key; Kubernetes' decoder rejects non-string keys.
      problems.push({ message: 'mapping key is a collection, not a string', span: spanAt(badKey[0], badKey[1]) });
      return;
    }
    let value: unknown;
    try {
      value = doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
    } catch (error) {
      const start = (doc.contents as Node).range?.[0] ?? 0;
      problems.push({ message: cleanMessage((error as Error).message), span: spanAt(start, start) });
      return;
    }
    if (value === null || value === undefined) return;
    documents.push({ file, index, value, locate: (path, part) => locateIn(doc, path, part ?? 'key', spanAt) });
  });
  return { documents, problems };
}

function findCollectionKey(doc: Document.Parsed): [number, number] | undefined {
  let found: [number, number] | undefined;
  visit(doc, {
    Pair(_, pair) {
      if (isCollection(pair.key) && pair.key.range) {
        found = [pair.key.range[0], pair.key.range[1]];
        return visit.BREAK;
      }
      return undefined;
    },
  });
  return found;
}

function cleanMessage(message: string): string {
  // yaml appends a code frame after the first line; berth prints one line per problem.
  return (message.split('\n')[0] ?? message).replace(/ at line \d+, column \d+:?$/, '').trim();
}

function locateIn(doc: Document.Parsed, path: Path, part: PathPart, spanAt: (a: number, b: number) => Span): Span {
  let node: unknown = doc.contents;
  let keyNode: unknown;
  for (const segment of path) {
    const next = child(doc, node, segment);
    if (!next) break;
    node = next.value;
    keyNode = next.key;
  }
  const target = (part === 'key' && keyNode ? keyNode : node) ?? keyNode;
  const range = (target as Node | undefined)?.range;
  if (range) return spanAt(range[0], range[1]);
  const docRange = doc.range;
  return spanAt(docRange[0], docRange[0]);
}

function child(doc: Document.Parsed, node: unknown, segment: string | number): { key?: unknown; value: unknown } | undefined {
  if (isAlias(node)) node = node.resolve(doc);
  if (isMap(node)) {
    for (const item of node.items) {
      if (!isPair(item)) continue;
      const key = isScalar(item.key) ? item.key.value : item.key;
      if (key === segment || (typeof segment === 'number' && key === String(segment))) {
        return { key: item.key, value: item.value ?? item.key };
      }
    }
    return undefined;
  }
  if (isSeq(node) && typeof segment === 'number') {
    const item = node.items[segment];
    return item === undefined ? undefined : { value: item };
  }
  return undefined;
}
