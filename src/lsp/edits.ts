import { parseAllDocuments, isMap, isSeq, isScalar, isPair, type Document, type Node, type Pair, type YAMLMap, type YAMLSeq } from 'yaml';
import type { Path } from '../read/source.js';

/**
 * Mechanical YAML edits for quick fixes: add a key or a list item at a path, in the style the file already
 * uses (block or flow, its indentation), touching nothing else. Edits are computed from the `yaml` parser's
 * node offsets, never by re-serialising the document (which would lose comments and formatting).
 */

/** Replace `length` characters at `offset` with `text`. */
export interface TextChange {
  offset: number;
  length: number;
  text: string;
}

export type Value = string | number | boolean | { [key: string]: Value } | Value[];

/** Adds `ignore.berth/<rule-id>: "<reason>"` to the object's `metadata.annotations`, creating what is missing. */
export function addAnnotation(text: string, docIndex: number, objectPath: Path, key: string, value: string): TextChange | undefined {
  return addMapEntry(text, docIndex, objectPath, ['metadata', 'annotations'], key, value);
}

/** Appends `item` to the list at `listKey` of the map at `mapPath` (e.g. a pod spec's `tolerations`), creating it if missing. */
export function appendListItem(text: string, docIndex: number, mapPath: Path, listKey: string, item: Value): TextChange | undefined {
  const doc = documentAt(text, docIndex);
  const map = doc && nodeAt(doc, mapPath);
  if (!doc || !isMap(map)) return undefined;
  const pair = findPair(map, listKey);
  if (!pair) return insertEntry(text, map, listKey, [item], indentStep(text, map));
  if (isSeq(pair.value)) return appendToSeq(text, pair.value, item);
  if (isEmpty(pair.value)) return fillEmpty(text, pair, [item], indentStep(text, map));
  return undefined;
}

/** Adds `key: value` to the map reached by `keys` under `mapPath`; missing maps on the way are created. */
export function addMapEntry(text: string, docIndex: number, mapPath: Path, keys: readonly string[], key: string, value: Value): TextChange | undefined {
  const doc = documentAt(text, docIndex);
  const start = doc && nodeAt(doc, mapPath);
  if (!doc || !isMap(start)) return undefined;
  let map: YAMLMap = start;
  let step = indentStep(text, map);
  for (let i = 0; i < keys.length; i++) {
    const pair = findPair(map, keys[i]!);
    const rest = nest(keys.slice(i + 1), key, value);
    if (!pair) return insertEntry(text, map, keys[i]!, rest, step);
    if (isEmpty(pair.value)) return fillEmpty(text, pair, rest, step);
    if (!isMap(pair.value)) return undefined;
    const child: YAMLMap = pair.value;
    const childStep = keyColumn(text, child) - keyColumn(text, map);
    if (!child.flow && !map.flow && childStep > 0) step = childStep;
    map = child;
  }
  return insertEntry(text, map, key, value, step);
}

function nest(keys: readonly string[], key: string, value: Value): Value {
  return keys.reduceRight<Value>((inner, k) => ({ [k]: inner }), { [key]: value });
}

function documentAt(text: string, index: number): Document.Parsed | undefined {
  const docs = parseAllDocuments(text, { version: '1.1', strict: false, logLevel: 'silent' });
  const list = Array.isArray(docs) ? docs : [docs];
  return list[index];
}

function nodeAt(doc: Document.Parsed, path: Path): unknown {
  let node: unknown = doc.contents;
  for (const segment of path) {
    if (isMap(node)) node = findPair(node, String(segment))?.value;
    else if (isSeq(node) && typeof segment === 'number') node = node.items[segment];
    else return undefined;
  }
  return node;
}

function findPair(map: YAMLMap, key: string): Pair | undefined {
  return map.items.find((item): item is Pair => isPair(item) && (isScalar(item.key) ? String(item.key.value) : item.key) === key);
}

function isEmpty(node: unknown): boolean {
  return node === null || node === undefined || (isScalar(node) && node.value === null);
}

function rangeOf(node: unknown): [number, number] | undefined {
  const range = (node as Node | null | undefined)?.range;
  return range ? [range[0], range[1]] : undefined;
}

function lineStart(text: string, offset: number): number {
  return text.lastIndexOf('\n', offset - 1) + 1;
}

function column(text: string, offset: number): number {
  return offset - lineStart(text, offset);
}

function keyColumn(text: string, map: YAMLMap): number {
  const first = map.items[0];
  const range = first && rangeOf(first.key);
  return range ? column(text, range[0]) : column(text, rangeOf(map)?.[0] ?? 0);
}

/** The file's indentation step, judged from the first nested block map under `map` (2 when there is none). */
function indentStep(text: string, map: YAMLMap): number {
  for (const item of map.items) {
    if (isPair(item) && isMap(item.value) && !item.value.flow && item.value.items.length > 0) {
      const step = keyColumn(text, item.value) - keyColumn(text, map);
      if (step > 0) return step;
    }
  }
  return 2;
}

/** Offset of the start of the line after the one `offset` is on (or the end of the text). */
function nextLineStart(text: string, end: number): number {
  if (end > 0 && text[end - 1] === '\n') return end;
  const newline = text.indexOf('\n', end);
  return newline < 0 ? text.length : newline + 1;
}

/** End of the last thing in a collection: its last item's value (or key), where the next line may go. */
function lastItemEnd(collection: YAMLMap | YAMLSeq): number | undefined {
  const last = collection.items[collection.items.length - 1];
  if (last === undefined) return undefined;
  if (isPair(last)) return rangeOf(last.value)?.[1] ?? rangeOf(last.key)?.[1];
  return rangeOf(last)?.[1];
}

/** The file's line ending: a CRLF file stays CRLF. */
function eolOf(text: string): string {
  return text.includes('\r\n') ? '\r\n' : '\n';
}

function insertLines(text: string, afterOffset: number, lines: readonly string[]): TextChange {
  const eol = eolOf(text);
  const at = nextLineStart(text, afterOffset);
  const needsNewline = at === text.length && text.length > 0 && !text.endsWith('\n');
  return { offset: at, length: 0, text: (needsNewline ? eol : '') + lines.join(eol) + eol };
}

function insertEntry(text: string, map: YAMLMap, key: string, value: Value, step: number): TextChange | undefined {
  if (map.flow) return insertIntoFlow(text, map, `${JSON.stringify(key)}: ${JSON.stringify(value)}`);
  const end = lastItemEnd(map);
  if (end === undefined) return undefined;
  return insertLines(text, end, renderEntry(key, value, keyColumn(text, map), step));
}

function appendToSeq(text: string, seq: YAMLSeq, item: Value): TextChange | undefined {
  if (seq.flow) return insertIntoFlow(text, seq, JSON.stringify(item));
  const start = rangeOf(seq)?.[0];
  const end = lastItemEnd(seq);
  if (start === undefined || end === undefined) return undefined;
  return insertLines(text, end, renderItem(item, column(text, start), 2));
}

/** `key:` with nothing (or `~`/`null`) after it: the new content goes on the lines below the key. */
function fillEmpty(text: string, pair: Pair, value: Value, step: number): TextChange | undefined {
  const keyRange = rangeOf(pair.key);
  if (!keyRange) return undefined;
  const lineEnd = nextLineStart(text, keyRange[1]);
  const contentEnd = text[lineEnd - 1] === '\n' ? (text[lineEnd - 2] === '\r' ? lineEnd - 2 : lineEnd - 1) : lineEnd;
  const valueRange = rangeOf(pair.value);
  const replaceFrom = valueRange && valueRange[1] > valueRange[0] ? valueRange[0] : contentEnd;
  const indent = column(text, keyRange[0]) + step;
  const lines = Array.isArray(value) ? value.flatMap((item) => renderItem(item, indent, 2)) : renderMap(value as Record<string, Value>, indent, step);
  const before = text.slice(keyRange[1], replaceFrom).replace(/\s+$/, '');
  const keyToValue = keyRange[1] + before.length;
  const eol = eolOf(text);
  return { offset: keyToValue, length: contentEnd - keyToValue, text: eol + lines.join(eol) };
}

/** A flow collection (`{...}`, `[...]`, JSON): insert before the closing bracket, on its own line if the collection spans lines. */
function insertIntoFlow(text: string, collection: YAMLMap | YAMLSeq, rendered: string): TextChange | undefined {
  const range = rangeOf(collection);
  if (!range) return undefined;
  const close = text.lastIndexOf(isSeq(collection) ? ']' : '}', range[1] - 1);
  if (close < range[0]) return undefined;
  const end = lastItemEnd(collection);
  if (end === undefined) return { offset: close, length: 0, text: rendered };
  const multiline = text.slice(range[0], close).includes('\n');
  if (!multiline) return { offset: end, length: 0, text: `, ${rendered}` };
  const first: unknown = collection.items[0];
  const firstStart = (isPair(first) ? rangeOf(first.key) : rangeOf(first))?.[0];
  const indent = firstStart === undefined ? '' : ' '.repeat(column(text, firstStart));
  return { offset: end, length: 0, text: `,${eolOf(text)}${indent}${rendered}` };
}

const PLAIN_KEY = /^[A-Za-z0-9_][A-Za-z0-9_./-]*$/;

function renderKey(key: string): string {
  return PLAIN_KEY.test(key) ? key : JSON.stringify(key);
}

/** Strings double-quoted, always: `"true"` or `"1.0"` must stay strings. */
function renderScalar(value: Value): string {
  return JSON.stringify(value);
}

function isRecordValue(value: Value): value is Record<string, Value> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function renderEntry(key: string, value: Value, indent: number, step: number): string[] {
  const pad = ' '.repeat(indent);
  if (isRecordValue(value)) return [`${pad}${renderKey(key)}:`, ...renderMap(value, indent + step, step)];
  if (Array.isArray(value)) return [`${pad}${renderKey(key)}:`, ...value.flatMap((item) => renderItem(item, indent + step, step))];
  return [`${pad}${renderKey(key)}: ${renderScalar(value)}`];
}

function renderMap(value: Record<string, Value>, indent: number, step: number): string[] {
  return Object.entries(value).flatMap(([k, v]) => renderEntry(k, v, indent, step));
}

/** `- key: value` with the item's other keys aligned under the first one. */
function renderItem(item: Value, indent: number, step: number): string[] {
  const pad = ' '.repeat(indent);
  if (!isRecordValue(item)) return [`${pad}- ${renderScalar(item)}`];
  const lines = renderMap(item, indent + 2, step);
  if (lines.length === 0) return [`${pad}- {}`];
  return [`${pad}- ${lines[0]!.slice(indent + 2)}`, ...lines.slice(1)];
}
