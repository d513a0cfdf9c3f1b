import { createRequire } from 'node:module';
import type { Document, Node } from 'yaml';
import { lastBailOffset, lastBailTooDeep, locatePath, MAX_DEPTH, readFast } from './yaml-fast.js';
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

export interface ParseOptions {
  version?: '1.1' | '1.2';
  /** `yaml` forces yaml's full parser (tests and benchmarks compare both readers). */
  reader?: 'auto' | 'yaml';
}

type YamlModule = typeof import('yaml');
let yamlModule: YamlModule | undefined;
/** `yaml` is loaded on first need: most runs read only files the fast reader handles. */
function yamlLib(): YamlModule {
  return (yamlModule ??= createRequire(import.meta.url)('yaml') as YamlModule);
}

/**
 * Parses every document of a YAML or JSON file (JSON is read as YAML, which it almost always is).
 * YAML 1.1 resolution is used because Kubernetes' own decoder (sigs.k8s.io/yaml on go-yaml) reads
 * `yes`/`no`/`on`/`off` as booleans and supports merge keys; berth must see what the API server sees.
 *
 * Two readers, one result: the fast reader (yaml-fast.ts) handles the YAML manifests are written in, in
 * one pass and without positions; anything else — anchors, tags, tabs, and every file with an
 * error — goes to `yaml`'s full parser, which also words the error messages. Positions are looked up
 * lazily, only for documents that get a finding. bench/README.md has the figures behind this choice.
 *
 * berth's own files (`.berth.yaml`) are not read by Kubernetes: they use YAML 1.2, as editors' YAML
 * language servers do, so `off` stays the string `off` there.
 */
export function parseYaml(text: string, file: string, options: ParseOptions = {}): ParsedFile {
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  if ((options.version ?? '1.1') === '1.1' && options.reader !== 'yaml') {
    // yaml reads `\r\n` as a line break everywhere, so a CRLF file has the values of its LF form; and as a CR
    // only ever sits at the end of a line, lines and columns stay the same too.
    const lf = text.includes('\r') && !/\r(?!\n)/.test(text) ? text.replace(/\r\n/g, '\n') : text;
    const fast = readFast(lf);
    if (fast) return fromFastReader(lf, file, fast);
    if (lastBailTooDeep) return tooDeep(lf, lastBailOffset);
    return parseWithYaml(text, file, '1.1', lf === text ? lastBailOffset : -1);
  }
  return parseWithYaml(text, file, options.version ?? '1.1', -1);
}

function tooDeep(text: string, offset: number): ParsedFile {
  const message = `collections nested more than ${MAX_DEPTH} levels deep; berth does not read this file`;
  return { documents: [], problems: [{ message, span: spanFinder(text)(offset, offset + 1) }] };
}

function fromFastReader(text: string, file: string, docs: ReturnType<typeof readFast> & object): ParsedFile {
  const documents: SourceDocument[] = [];
  let spanAt: ((start: number, end: number) => Span) | undefined;
  for (const doc of docs) {
    if (doc.value === null) continue;
    documents.push({
      file,
      index: doc.index,
      value: doc.value,
      locate(path, part) {
        spanAt ??= spanFinder(text);
        const found = locatePath(text, doc.rootStart, path, part ?? 'key');
        return spanAt(found.start, found.end);
      },
    });
  }
  return { documents, problems: [] };
}

/** Offsets to 1-based line/column spans, with the line table built once per file and only when asked. */
function spanFinder(text: string): (start: number, end: number) => Span {
  const lineStarts = [0];
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) lineStarts.push(i + 1);
  const position = (offset: number): [number, number] => {
    let low = 0;
    let high = lineStarts.length - 1;
    while (low < high) {
      const mid = (low + high + 1) >> 1;
      if (lineStarts[mid]! <= offset) low = mid;
      else high = mid - 1;
    }
    return [low + 1, offset - lineStarts[low]! + 1];
  };
  return (start, end) => {
    const [line, column] = position(start);
    const [endLine, endColumn] = position(Math.max(start, end));
    return { line, column, endLine, endColumn };
  };
}

/**
 * `stoppedAt` is where the fast reader gave up: for an unterminated quote that is the opening quote, a
 * better place to point at than the end of the file, where yaml notices it.
 */
function parseWithYaml(text: string, file: string, version: '1.1' | '1.2', stoppedAt: number): ParsedFile {
  try {
    return parseWithYamlUnguarded(text, file, version, stoppedAt);
  } catch (error) {
    // yaml recurses; a pathological file (thousands of nested collections) overflows the stack. One problem, no crash.
    const message = error instanceof RangeError ? 'too deeply nested to read' : `cannot read this file (${(error as Error).message})`;
    return { documents: [], problems: [{ message, span: { line: 1, column: 1, endLine: 1, endColumn: 1 } }] };
  }
}

function parseWithYamlUnguarded(text: string, file: string, version: '1.1' | '1.2', stoppedAt: number): ParsedFile {
  const { parseAllDocuments } = yamlLib();
  const docs = parseAllDocuments(text, {
    version,
    uniqueKeys: true,
    prettyErrors: false,
    strict: false,
    logLevel: 'silent',
  });
  const mayHaveComplexKeys = text.includes('{') || text.includes('?') || text.includes('[');
  // Not yaml's LineCounter: after some errors (a stray quote, `-` then `--`) it misses a line break, and
  // every position after the error would point a line too high.
  const spanAt = spanFinder(text);
  const problems: YamlProblem[] = [];
  const documents: SourceDocument[] = [];
  const list = Array.isArray(docs) ? docs : [docs];
  list.forEach((doc, index) => {
    const errors = doc.errors;
    if (errors.length > 0) {
      const first = errors[0]!;
      const quote = /^Missing closing (["'])quote/.exec(first.message)?.[1];
      const opening = quote && stoppedAt >= 0 && stoppedAt < first.pos[0] && text[stoppedAt] === quote ? stoppedAt : -1;
      const span = opening >= 0 ? spanAt(opening, opening + 1) : spanAt(first.pos[0], first.pos[1]);
      problems.push({ message: cleanMessage(first.message), span });
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
      const message = error instanceof RangeError ? 'too deeply nested to read' : cleanMessage((error as Error).message);
      problems.push({ message, span: spanAt(start, start) });
      return;
    }
    if (value === null || value === undefined) return;
    documents.push({ file, index, value, locate: (path, part) => locateIn(doc, path, part ?? 'key', spanAt) });
  });
  return { documents, problems };
}

function findCollectionKey(doc: Document.Parsed): [number, number] | undefined {
  const { visit, isCollection } = yamlLib();
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
  if (message.startsWith('Maximum call stack size exceeded')) return 'too deeply nested to read';
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
  const { isAlias, isMap, isPair, isScalar, isSeq } = yamlLib();
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
