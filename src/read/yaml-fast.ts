/**
 * A fast reader for the YAML that Kubernetes manifests are actually written in: block mappings and
 * sequences, plain/quoted/block scalars, flow collections (so JSON too), comments and document markers.
 *
 * It never guesses. Anything outside that subset — anchors, aliases, tags, merge keys, explicit `?` keys,
 * directives, tabs, CR line ends, timestamps, duplicate keys, and every construct that `yaml` reports as an
 * error — makes it give up on the whole file (`undefined`), and the caller reads that file with `yaml`'s
 * full parser instead. Where it does produce values they are exactly what
 * `yaml.parseAllDocuments(text, { version: '1.1' }).toJS()` produces: the scalar rules below are ported
 * from yaml's `compose/resolve-flow-scalar.js`, `compose/resolve-block-scalar.js` and `schema/yaml-1.1/*`,
 * and test/read/yaml.test.ts compares both readers on every file of the shared corpus.
 *
 * Why not yaml's own lexer/CST: on the shared corpus (19.7 MB) yaml's `Parser` alone takes longer than
 * berth's whole end-to-end budget (see bench/README.md); this reader is a single pass over the text.
 *
 * Positions are not recorded during the normal pass. `recordPositions` re-reads one document's root node
 * and returns a tree of offsets, so only documents that get a finding pay for it.
 *
 * The reader keeps its cursor in module state (it is synchronous and not re-entrant); every entry point
 * resets it.
 */

import { doubleQuoted, foldLines, resolvePlain, UNSUPPORTED } from './yaml-scalars.js';

/** Offsets of a node: [start, end) in the text; for mappings the keys, for sequences the items. */
export interface OffsetNode {
  start: number;
  end: number;
  keys?: Map<string, { start: number; end: number; node: OffsetNode }>;
  items?: OffsetNode[];
}

export interface FastDocument {
  /** 0-based index of the document in the stream, counting empty documents as `yaml` does. */
  index: number;
  /** `null` for an empty document. */
  value: unknown;
  /** Offset of the root node, for `recordPositions`. */
  rootStart: number;
}

const BAIL = UNSUPPORTED;

const SPACE = 32, NL = 10, HASH = 35, COLON = 58, DASH = 45, DQ = 34, SQ = 39, DOT = 46;
const LBRACE = 123, RBRACE = 125, LBRACKET = 91, RBRACKET = 93, COMMA = 44, PIPE = 124, GT = 62;

let src = '';
let pos = 0;
let len = 0;
let record = false;
/** Offsets of the last node read, when recording. */
let lastNode: OffsetNode = { start: 0, end: 0 };
/** Where the text of the last collection entry read ends: after its last line's newline (yaml's ranges do). */
let entryEnd = 0;

/** Where the last file that was handed to yaml stopped the fast reader (for tests and benchmarks). */
export let lastBailOffset = -1;
/**
 * Collections nested deeper than this are refused outright, not handed to yaml: no manifest comes close
 * (CRD schemas reach ~40), and both readers recurse, so a hostile file would otherwise overflow the stack.
 */
export const MAX_DEPTH = 500;
/** Set when the last file was refused for nesting deeper than MAX_DEPTH (at lastBailOffset). */
export let lastBailTooDeep = false;
let depth = 0;

function enter(): void {
  if (++depth > MAX_DEPTH) {
    lastBailTooDeep = true;
    bail();
  }
}

function bail(): never {
  lastBailOffset = pos;
  if (process.env.BERTH_DEBUG_FAST_YAML) lastBailStack = new Error('bail').stack ?? '';
  throw BAIL;
}
export let lastBailStack = '';

/** Reads every document of `text` (BOM already removed), or returns undefined when `yaml` must do it. */
export function readFast(text: string): FastDocument[] | undefined {
  lastBailTooDeep = false;
  lastBailOffset = -1;
  // Tabs, CRs and byte order marks (a BOM inside the text: files concatenated with `cat`) are yaml's.
  if (text.includes('\t') || text.includes('\r') || text.includes('\ufeff')) {
    lastBailOffset = Math.max(text.indexOf('\t'), text.indexOf('\r'), text.indexOf('\ufeff'));
    return undefined;
  }
  src = text;
  pos = 0;
  len = text.length;
  record = false;
  depth = 0;
  try {
    return readStream();
  } catch (error) {
    if (error === BAIL) return undefined;
    throw error;
  } finally {
    src = '';
  }
}

/** Re-reads the root node that starts at `rootStart` and returns its offset tree. */
export function recordPositions(text: string, rootStart: number): OffsetNode {
  src = text;
  pos = rootStart;
  len = text.length;
  record = true;
  depth = 0;
  try {
    readRoot();
    return lastNode;
  } finally {
    src = '';
    record = false;
  }
}

/**
 * Where a node is, before it is read: the document root, a block mapping's value (cursor after the `:`),
 * a block sequence's entry (cursor at the `-`), or a node inside an already recorded flow collection.
 */
type Place =
  | { kind: 'root'; at: number }
  | { kind: 'value'; at: number; column: number }
  | { kind: 'entry'; at: number; column: number }
  | { kind: 'recorded'; node: OffsetNode };

/**
 * The span `locate(path, part)` returns, found by walking the text along `path`: entries off the path are
 * skipped line by line (by their indentation) without being read, and only the node the walk ends on is
 * read, so a finding in a 1 MB document costs about as much as one in a small one. Same results as
 * walking the tree of `recordPositions` (test/read/yaml.test.ts compares them on the whole corpus).
 */
export function locatePath(text: string, rootStart: number, path: readonly (string | number)[], part: 'key' | 'value'): { start: number; end: number } {
  src = text;
  len = text.length;
  record = true;
  depth = 0;
  try {
    let place: Place = { kind: 'root', at: rootStart };
    let key: { start: number; end: number } | undefined;
    for (const segment of path) {
      const next = childOf(place, segment);
      if (!next) break;
      key = next.key;
      place = next.place;
    }
    if (part === 'key' && key) return key;
    return nodeAt(place);
  } catch (error) {
    if (error !== BAIL) throw error;
    // Cannot happen for a document readFast accepted; if it does, the whole tree still has the answer.
    return locateInTree(recordPositions(text, rootStart), path, part);
  } finally {
    src = '';
    record = false;
  }
}

/** `locatePath` over a tree from `recordPositions`: the nearest existing ancestor when the path runs out. */
export function locateInTree(root: OffsetNode, path: readonly (string | number)[], part: 'key' | 'value'): { start: number; end: number } {
  let node = root;
  let key: { start: number; end: number } | undefined;
  for (const segment of path) {
    const next = childOf({ kind: 'recorded', node }, segment);
    if (!next || next.place.kind !== 'recorded') break;
    key = next.key;
    node = next.place.node;
  }
  return part === 'key' && key ? key : node;
}

/** Reads the node at `place` (recording) and returns its offsets. */
function nodeAt(place: Place): OffsetNode {
  if (place.kind === 'recorded') return place.node;
  pos = place.at;
  if (place.kind === 'root') readRoot();
  else if (place.kind === 'value') readMappingValue(place.column);
  else readSequenceEntry(place.column);
  return lastNode;
}

function childOf(place: Place, segment: string | number): { key?: { start: number; end: number }; place: Place } | undefined {
  if (place.kind === 'recorded') {
    const node = place.node;
    if (node.keys) {
      const entry = node.keys.get(String(segment));
      return entry && { key: { start: entry.start, end: entry.end }, place: { kind: 'recorded', node: entry.node } };
    }
    const item = typeof segment === 'number' ? node.items?.[segment] : undefined;
    return item && { place: { kind: 'recorded', node: item } };
  }
  // Find where the node's content starts, and the indentation it hangs from.
  pos = place.at;
  let column: number;
  let parentIndent: number;
  if (place.kind === 'root') {
    column = pos - lineStart(pos);
    parentIndent = -1;
  } else {
    const dash = pos;
    if (place.kind === 'entry') pos++;
    while (src.charCodeAt(pos) === SPACE) pos++;
    const c = src.charCodeAt(pos);
    parentIndent = place.column;
    if (pos >= len || c === NL || c === HASH) {
      endOfLine();
      skipBlankAndCommentLines();
      if (pos >= len) return undefined;
      column = columnHere();
      const compact = place.kind === 'value' && column === place.column && isSequenceEntry(pos);
      if (column <= place.column && !compact) return undefined; // an empty value
    } else {
      column = place.kind === 'entry' ? place.column + (pos - dash) : pos - lineStart(pos);
    }
  }
  const c = src.charCodeAt(pos);
  if (c === LBRACE || c === LBRACKET) {
    readFlowCollection(parentIndent);
    return childOf({ kind: 'recorded', node: lastNode }, segment);
  }
  if (isSequenceEntry(pos)) return typeof segment === 'number' ? entryOf(column, segment) : undefined;
  if (c === PIPE || c === GT || !isMappingHere()) return undefined; // a scalar has no children
  return typeof segment === 'string' || typeof segment === 'number' ? valueOf(column, String(segment)) : undefined;
}

/** Whether the node at the cursor is a block mapping (its first scalar is a key). */
function isMappingHere(): boolean {
  const save = pos;
  const c = src.charCodeAt(pos);
  let result: boolean;
  if (c === DQ || c === SQ) {
    readQuoted(-1);
    while (src.charCodeAt(pos) === SPACE) pos++;
    result = src.charCodeAt(pos) === COLON && isBreakOrSpace(pos + 1);
  } else result = canStartPlain(pos, false) && plainKeyEnd(pos) >= 0;
  pos = save;
  return result;
}

/** In the block mapping at `column` (cursor at its first key), the value of `wanted`. */
function valueOf(column: number, wanted: string): { key: { start: number; end: number }; place: Place } | undefined {
  for (;;) {
    const keyStart = pos;
    const key = readKey(column);
    if (key === wanted) return { key: { start: keyStart, end: keyStartEnd(keyStart) }, place: { kind: 'value', at: pos + 1, column } };
    if (!nextEntry(column, false)) return undefined;
  }
}

/** In the block sequence at `column` (cursor at its first `-`), entry number `index`. */
function entryOf(column: number, index: number): { place: Place } | undefined {
  for (let i = 0; i < index; i++) if (!nextEntry(column, true) || !isSequenceEntry(pos)) return undefined;
  return { place: { kind: 'entry', at: pos, column } };
}

/**
 * Skips the rest of the current entry of the collection at `column`: every following line that is blank,
 * a comment, or indented deeper belongs to it; so, in a mapping, does a compact sequence (`- ` at the
 * mapping's own column) and a flow collection's closing bracket. Stops at the next entry (true) or at the
 * end of the collection (false).
 */
function nextEntry(column: number, inSequence: boolean): boolean {
  let line = src.indexOf('\n', pos);
  while (line >= 0) {
    const from = line + 1;
    let j = from;
    while (src.charCodeAt(j) === SPACE) j++;
    if (j >= len) return false;
    const c = src.charCodeAt(j);
    const indent = j - from;
    const continues =
      c === NL || c === HASH || indent > column ||
      (indent === column && ((!inSequence && isSequenceEntry(j)) || c === RBRACKET || c === RBRACE));
    if (!continues) {
      if (indent < column || (indent === 0 && documentMarker(j))) return false;
      pos = j;
      return true;
    }
    line = c === NL ? j : src.indexOf('\n', j);
  }
  return false;
}

function readStream(): FastDocument[] {
  const docs: FastDocument[] = [];
  let open = false;
  let current: FastDocument | undefined;
  const close = () => {
    if (open) docs.push(current ?? { index: docs.length, value: null, rootStart: -1 });
    open = false;
    current = undefined;
  };
  for (;;) {
    skipBlankAndCommentLines();
    if (pos >= len) break;
    const marker = documentMarker(pos);
    if (marker === '---') {
      close();
      open = true;
      pos += 3;
      endOfLine();
      continue;
    }
    if (marker === '...') {
      if (!open) bail();
      close();
      pos += 3;
      endOfLine();
      continue;
    }
    if (src.charCodeAt(pos) === 37 /* % */ || current) bail(); // directives; content after the root node
    open = true;
    const rootStart = pos;
    current = { index: docs.length, value: readRoot(), rootStart };
  }
  close();
  return docs;
}

/** `---` or `...` at the start of a line, followed by white space or the end. */
function documentMarker(at: number): '---' | '...' | undefined {
  if (at > 0 && src.charCodeAt(at - 1) !== NL) return undefined; // indented, it is not a marker
  const c = src.charCodeAt(at);
  if (c !== DASH && c !== DOT) return undefined;
  if (src.charCodeAt(at + 1) !== c || src.charCodeAt(at + 2) !== c) return undefined;
  const after = src.charCodeAt(at + 3);
  if (at + 3 < len && after !== SPACE && after !== NL) return undefined;
  return c === DASH ? '---' : '...';
}

function readRoot(): unknown {
  const column = pos - lineStart(pos);
  const c = src.charCodeAt(pos);
  if (c === LBRACE || c === LBRACKET) {
    const value = readFlowCollection(-1);
    endOfLine();
    return value;
  }
  if (isSequenceEntry(pos)) return readBlockSequence(column);
  const value = readBlockNodeOnLine(column, -1);
  if (value === NOT_A_MAPPING) {
    // A lone scalar document: only the single-line form, which is all a manifest could contain.
    const start = pos;
    const scalar = readScalarOnLine(-1, true);
    skipBlankAndCommentLines();
    if (pos < len && !documentMarker(pos)) bail();
    if (record) lastNode = { start, end: scalarEnd };
    return scalar;
  }
  return value;
}

function lineStart(at: number): number {
  return src.lastIndexOf('\n', at - 1) + 1;
}

function isSequenceEntry(at: number): boolean {
  if (src.charCodeAt(at) !== DASH) return false;
  const next = src.charCodeAt(at + 1);
  return at + 1 >= len || next === SPACE || next === NL;
}

/** Skips spaces; a comment must be preceded by a space (or start the line). Ends after the newline. */
function endOfLine(): void {
  const from = pos;
  while (src.charCodeAt(pos) === SPACE) pos++;
  if (pos >= len) return;
  const c = src.charCodeAt(pos);
  if (c === NL) {
    pos++;
    return;
  }
  if (c === HASH && (pos > from || src.charCodeAt(pos - 1) === SPACE || pos === lineStart(pos))) {
    const nl = src.indexOf('\n', pos);
    pos = nl < 0 ? len : nl + 1;
    return;
  }
  bail();
}

/** Moves to the first content character of the next line that has content, at its indentation. */
function skipBlankAndCommentLines(): void {
  for (;;) {
    while (src.charCodeAt(pos) === SPACE) pos++;
    if (pos >= len) return;
    const c = src.charCodeAt(pos);
    if (c === NL) {
      pos++;
      continue;
    }
    if (c === HASH) {
      const nl = src.indexOf('\n', pos);
      pos = nl < 0 ? len : nl + 1;
      continue;
    }
    // The cursor is at the line's content; callers read the indentation from the line start.
    return;
  }
}

/** Column of the content the cursor is on (after skipBlankAndCommentLines). */
function columnHere(): number {
  return pos - lineStart(pos);
}

const NOT_A_MAPPING = Symbol('not a mapping');

/**
 * At a node that starts on the current line at `column`: a block mapping (when the first scalar is a key)
 * is read whole; otherwise the cursor is left where it was and NOT_A_MAPPING returned.
 */
function readBlockNodeOnLine(column: number, parentIndent: number): unknown {
  const c = src.charCodeAt(pos);
  if (c === DQ || c === SQ) {
    const save = pos;
    readQuoted(parentIndent);
    const afterQuote = pos;
    while (src.charCodeAt(pos) === SPACE) pos++;
    const isKey = src.charCodeAt(pos) === COLON && isBreakOrSpace(pos + 1) && !src.slice(save, afterQuote).includes('\n');
    pos = save;
    return isKey ? readBlockMapping(column) : NOT_A_MAPPING;
  }
  if (!canStartPlain(pos, false)) bail();
  const keyEnd = plainKeyEnd(pos);
  return keyEnd < 0 ? NOT_A_MAPPING : readBlockMapping(column);
}

function isBreakOrSpace(at: number): boolean {
  if (at >= len) return true;
  const c = src.charCodeAt(at);
  return c === SPACE || c === NL;
}

/** Characters that may not start a plain scalar (`-`, `?`, `:` may when followed by a non-space). */
function canStartPlain(at: number, inFlow: boolean): boolean {
  const c = src.charCodeAt(at);
  switch (c) {
    case DASH:
    case 63 /* ? */:
    case COLON: {
      const next = src.charCodeAt(at + 1);
      if (at + 1 >= len || next === SPACE || next === NL) return false;
      return !(inFlow && isFlowIndicator(next));
    }
    case COMMA: case LBRACKET: case RBRACKET: case LBRACE: case RBRACE: case HASH: case 38 /* & */:
    case 42 /* * */: case 33 /* ! */: case PIPE: case GT: case SQ: case DQ: case 37 /* % */:
    case 64 /* @ */: case 96 /* ` */: case SPACE: case NL:
      return false;
    default:
      return !Number.isNaN(c);
  }
}

function isFlowIndicator(c: number): boolean {
  return c === COMMA || c === LBRACKET || c === RBRACKET || c === LBRACE || c === RBRACE;
}

/**
 * When the plain scalar at `at` is an implicit key (ends in `:` + space/newline on this line), returns the
 * offset of that `:`; otherwise -1.
 */
function plainKeyEnd(at: number): number {
  for (let i = at; i < len; i++) {
    const c = src.charCodeAt(i);
    if (c === NL) return -1;
    if (c === COLON && isBreakOrSpace(i + 1)) return i;
    if (c === HASH && src.charCodeAt(i - 1) === SPACE) return -1;
  }
  return -1;
}

function readBlockMapping(column: number): Record<string, unknown> {
  enter();
  const map: Record<string, unknown> = {};
  const start = pos;
  const keys = record ? new Map<string, { start: number; end: number; node: OffsetNode }>() : undefined;
  let end = pos;
  for (;;) {
    // The cursor is at a key, at `column`.
    const keyStart = pos;
    const key = readKey(column);
    const keyEndOffset = record ? keyStartEnd(keyStart) : 0;
    if (pos - keyStart > 1024) bail(); // yaml: implicit keys are at most 1024 characters
    pos++; // the ':'
    if (key === '__proto__' || key === '<<' || Object.prototype.hasOwnProperty.call(map, key)) bail();
    const value = readMappingValue(column);
    map[key] = value;
    if (keys) {
      keys.set(key, { start: keyStart, end: keyEndOffset, node: lastNode });
      end = entryEnd; // as yaml: a block collection's range runs to the end of its last entry's line
    }
    skipBlankAndCommentLines();
    if (pos >= len || (column === 0 && documentMarker(pos))) break;
    const next = columnHere();
    if (next < column) break;
    if (next > column) bail();
  }
  if (record) lastNode = { start, end, keys };
  entryEnd = end;
  depth--;
  return map;
}

/** Reads the implicit key at the cursor (of a mapping at `column`); leaves the cursor at its `:`. */
function readKey(column: number): string {
  const keyStart = pos;
  const c = src.charCodeAt(pos);
  if (c === DQ || c === SQ) {
    const key = readQuoted(column);
    if (src.slice(keyStart, pos).includes('\n')) bail();
    while (src.charCodeAt(pos) === SPACE) pos++;
    if (src.charCodeAt(pos) !== COLON || !isBreakOrSpace(pos + 1)) bail();
    return key;
  }
  if (!canStartPlain(pos, false)) bail();
  const colon = plainKeyEnd(pos);
  if (colon < 0) bail();
  let keyEnd = colon;
  while (src.charCodeAt(keyEnd - 1) === SPACE) keyEnd--;
  const key = keyString(src.slice(pos, keyEnd));
  pos = colon;
  return key;
}

/** End offset of the key that starts at `keyStart` (the cursor is at its `:` or just after a quoted key). */
function keyStartEnd(keyStart: number): number {
  let end = pos;
  if (src.charCodeAt(end) === COLON) end--;
  else return end;
  while (src.charCodeAt(end) === SPACE) end--;
  return Math.max(keyStart, end + 1);
}

/** After a block mapping's `:`. Leaves the cursor after the value's last line. */
function readMappingValue(column: number): unknown {
  while (src.charCodeAt(pos) === SPACE) pos++;
  const c = src.charCodeAt(pos);
  if (pos >= len || c === NL || c === HASH) {
    const emptyAt = pos;
    if (c === HASH && src.charCodeAt(pos - 1) !== SPACE) bail();
    endOfLine();
    const emptyEnd = pos;
    skipBlankAndCommentLines();
    if (pos < len && !(documentMarker(pos) && columnHere() === 0)) {
      const next = columnHere();
      if (next > column) return readIndentedNode(next, column);
      if (next === column && isSequenceEntry(pos)) return readBlockSequence(column);
    }
    if (record) lastNode = { start: emptyAt, end: emptyAt };
    entryEnd = emptyEnd;
    return null;
  }
  return readInlineValue(column);
}

/** A node that starts on its own line at `column`, inside a collection at `parentIndent`. */
function readIndentedNode(column: number, parentIndent: number): unknown {
  if (isSequenceEntry(pos)) return readBlockSequence(column);
  const c = src.charCodeAt(pos);
  if (c === LBRACE || c === LBRACKET || c === PIPE || c === GT) return readInlineValue(parentIndent);
  const value = readBlockNodeOnLine(column, parentIndent);
  if (value !== NOT_A_MAPPING) return value;
  return readInlineValue(parentIndent);
}

/** A value that starts on the current line (after `key: ` or `- `), not a mapping. */
function readInlineValue(parentIndent: number): unknown {
  const start = pos;
  const c = src.charCodeAt(pos);
  let value: unknown;
  if (c === LBRACE || c === LBRACKET) {
    value = readFlowCollection(parentIndent);
    endOfLine();
  } else if (c === PIPE || c === GT) {
    value = readBlockScalar(parentIndent);
  } else if (c === DQ || c === SQ) {
    value = readQuoted(parentIndent);
    const end = pos;
    endOfLine();
    if (record) lastNode = { start, end };
  } else {
    value = readScalarOnLine(parentIndent, false);
    if (record) lastNode = { start, end: scalarEnd };
  }
  entryEnd = pos;
  return value;
}

function readBlockSequence(column: number): unknown[] {
  enter();
  const items: unknown[] = [];
  const offsets: OffsetNode[] | undefined = record ? [] : undefined;
  const start = pos;
  let end = pos;
  for (;;) {
    items.push(readSequenceEntry(column));
    if (offsets) {
      offsets.push(lastNode);
      end = entryEnd;
    }
    skipBlankAndCommentLines();
    if (pos >= len || (column === 0 && documentMarker(pos))) break;
    const next = columnHere();
    if (next < column) break;
    if (next > column) bail();
    if (!isSequenceEntry(pos)) break; // a key of the mapping this sequence is the value of
  }
  if (record) lastNode = { start, end, items: offsets! };
  entryEnd = end;
  depth--;
  return items;
}

/** Reads the entry whose `-` is at the cursor, in a sequence at `column`. */
function readSequenceEntry(column: number): unknown {
  const dash = pos;
  pos++;
  while (src.charCodeAt(pos) === SPACE) pos++;
  const c = src.charCodeAt(pos);
  if (pos >= len || c === NL || c === HASH) {
    const emptyAt = pos;
    if (c === HASH && src.charCodeAt(pos - 1) !== SPACE) bail();
    endOfLine();
    const emptyEnd = pos;
    skipBlankAndCommentLines();
    const next = pos < len ? columnHere() : -1;
    if (next > column) return readIndentedNode(next, column);
    if (record) lastNode = { start: emptyAt, end: emptyAt };
    entryEnd = emptyEnd;
    return null;
  }
  const inner = column + (pos - dash);
  if (isSequenceEntry(pos)) return readBlockSequence(inner);
  return readIndentedNode(inner, column);
}

/** End offset of the last plain scalar read (trailing spaces and comments excluded). */
let scalarEnd = 0;

/**
 * A plain scalar in block context starting at the cursor, possibly continued on lines indented deeper
 * than `parentIndent` (folded as yaml's `unfoldLines` does). Leaves the cursor at the start of the next line.
 */
function readScalarOnLine(parentIndent: number, atRoot: boolean): unknown {
  if (!canStartPlain(pos, false)) bail();
  let text = '';
  let sep = '';
  let lineFrom = pos;
  for (;;) {
    let i = lineFrom;
    let contentEnd = lineFrom;
    let comment = false;
    for (; i < len; i++) {
      const c = src.charCodeAt(i);
      if (c === NL) break;
      if (c === COLON && isBreakOrSpace(i + 1)) bail(); // a key where a scalar was expected
      if (c === HASH && src.charCodeAt(i - 1) === SPACE) {
        comment = true;
        break;
      }
      if (c !== SPACE) contentEnd = i + 1;
    }
    text += sep + src.slice(lineFrom, contentEnd);
    scalarEnd = contentEnd;
    const nl = comment ? src.indexOf('\n', i) : i;
    pos = nl < 0 || nl >= len ? len : nl + 1;
    if (comment || pos >= len || atRoot) break;
    // Blank lines, then a line indented deeper than the parent: the scalar goes on, one "\n" per blank line.
    let j = pos;
    let blanks = 0;
    for (;;) {
      const from = j;
      while (src.charCodeAt(j) === SPACE) j++;
      if (src.charCodeAt(j) !== NL) {
        if (j >= len || j - from <= parentIndent || src.charCodeAt(j) === HASH) return resolvePlain(text);
        break;
      }
      j++;
      blanks++;
    }
    if (!continuationAllowed(j)) bail();
    sep = blanks === 0 ? ' ' : '\n'.repeat(blanks);
    lineFrom = j;
  }
  return resolvePlain(text);
}

/** As yaml's lexer: any more-indented line continues a plain scalar (comments ended it before). */
function continuationAllowed(at: number): boolean {
  return at < len;
}

/** Reads a quoted scalar at the cursor; leaves the cursor after the closing quote. */
function readQuoted(parentIndent: number): string {
  const quote = src.charCodeAt(pos);
  const start = pos;
  let end = pos + 1;
  if (quote === SQ) {
    for (;;) {
      end = src.indexOf("'", end);
      if (end < 0) bail();
      if (src.charCodeAt(end + 1) === SQ) end += 2;
      else break;
    }
  } else {
    for (;;) {
      end = src.indexOf('"', end);
      if (end < 0) bail();
      let backslashes = 0;
      while (src.charCodeAt(end - 1 - backslashes) === 92) backslashes++;
      if (backslashes % 2 === 0) break;
      end++;
    }
  }
  const raw = src.slice(start + 1, end);
  if (raw.includes('\n')) checkQuotedContinuation(start, end, parentIndent);
  pos = end + 1;
  return quote === SQ ? foldLines(raw).replace(/''/g, "'") : doubleQuoted(raw);
}

/** Continuation lines of a multi-line quoted scalar must be indented deeper than the parent collection. */
function checkQuotedContinuation(start: number, end: number, parentIndent: number): void {
  let nl = src.indexOf('\n', start);
  while (nl >= 0 && nl < end) {
    let j = nl + 1;
    while (src.charCodeAt(j) === SPACE) j++;
    if (src.charCodeAt(j) !== NL) {
      const indent = j - nl - 1;
      if (indent <= parentIndent || (indent === 0 && documentMarker(j))) bail();
    }
    nl = src.indexOf('\n', nl + 1);
  }
}

/**
 * A block scalar (`|` or `>`, optional `-` chomping and indentation indicator) as a collection value or
 * entry; `+` chomping is rare enough to leave to yaml. Ported from yaml's resolveBlockScalar.
 */
function readBlockScalar(parentIndent: number): string {
  const start = pos;
  const literal = src.charCodeAt(pos) === PIPE;
  pos++;
  let strip = false;
  let explicitIndent = 0;
  for (let i = 0; i < 2; i++) {
    const c = src.charCodeAt(pos);
    if (c === DASH && !strip) strip = true;
    else if (c > 48 && c <= 57 && !explicitIndent) explicitIndent = c - 48;
    else break;
    pos++;
  }
  if (explicitIndent && parentIndent < 0) bail();
  const h = src.charCodeAt(pos);
  if (h !== SPACE && h !== NL && pos < len) bail();
  endOfLine();
  // Collect the lines that belong to the scalar: blank ones, and ones indented deeper than the parent.
  const lines: [number, string][] = [];
  let end = pos;
  // An indentation indicator counts from the parent collection (yaml: `scalar.indent + header.indent`).
  let contentIndent = explicitIndent ? parentIndent + explicitIndent : -1;
  let scan = pos;
  while (scan < len) {
    let j = scan;
    while (src.charCodeAt(j) === SPACE) j++;
    const nlAt = src.indexOf('\n', j);
    const lineEnd = nlAt < 0 ? len : nlAt;
    const indent = j - scan;
    if (j < lineEnd) {
      if (contentIndent < 0) {
        if (indent <= parentIndent) break;
        contentIndent = indent;
      } else if (indent < contentIndent) break;
      if (indent === 0 && documentMarker(j)) break;
    }
    lines.push([indent, src.slice(j, lineEnd)]);
    scan = nlAt < 0 ? len : nlAt + 1;
    if (j < lineEnd) end = lineEnd;
  }
  if (contentIndent === 0 && parentIndent >= 0) bail();
  // Trailing blank lines belong to the scalar's chomping only; leave the cursor after the last content.
  let last = lines.length;
  while (last > 0 && lines[last - 1]![1] === '') last--;
  for (let i = last; i < lines.length; i++) if (lines[i]![0] > Math.max(contentIndent, 0)) bail();
  if (!explicitIndent) for (let i = 0; i < last && lines[i]![1] === ''; i++) if (lines[i]![0] > contentIndent) bail();
  if (last === 0) {
    // Empty content: no lines are consumed beyond the header.
    if (record) lastNode = { start, end: pos };
    return '';
  }
  const nl = src.indexOf('\n', end);
  pos = nl < 0 ? len : nl + 1;
  let value = '';
  let sep = '';
  let prevMoreIndented = false;
  for (let i = 0; i < last; i++) {
    const [indent, content] = lines[i]!;
    if (literal) {
      value += sep + ' '.repeat(Math.max(0, indent - contentIndent)) + content;
      sep = '\n';
    } else if (indent > contentIndent && content !== '') {
      if (sep === ' ') sep = '\n';
      else if (!prevMoreIndented && sep === '\n') sep = '\n\n';
      value += sep + ' '.repeat(indent - contentIndent) + content;
      sep = '\n';
      prevMoreIndented = true;
    } else if (content === '') {
      if (indent > contentIndent) bail(); // a more-indented blank line inside folded text
      if (sep === '\n') value += '\n';
      else sep = '\n';
    } else {
      value += sep + content;
      sep = ' ';
      prevMoreIndented = false;
    }
  }
  if (!strip) value += '\n';
  if (record) lastNode = { start, end: nl < 0 ? len : nl + 1 };
  return value;
}

/** A flow collection (`{...}` or `[...]`, possibly over several lines) inside a block collection at `parentIndent`. */
function readFlowCollection(parentIndent: number): unknown {
  return readFlowNode(parentIndent, 0);
}

function readFlowNode(parentIndent: number, level: number): unknown {
  enter();
  try {
    return readFlowCollectionAt(parentIndent, level);
  } finally {
    depth--;
  }
}

function readFlowCollectionAt(parentIndent: number, level: number): unknown {
  const start = pos;
  const c = src.charCodeAt(pos);
  if (c === LBRACE) {
    pos++;
    const map: Record<string, unknown> = {};
    const keys = record ? new Map<string, { start: number; end: number; node: OffsetNode }>() : undefined;
    for (;;) {
      skipFlowSpace(parentIndent, level);
      if (src.charCodeAt(pos) === RBRACE) break;
      const keyStart = pos;
      const k = src.charCodeAt(pos);
      let key: string;
      if (k === DQ || k === SQ) {
        key = readQuoted(parentIndent);
        const keyEnd = pos;
        skipFlowSpace(parentIndent, level);
        if (src.charCodeAt(pos) !== COLON) bail();
        pos++;
        if (keys) keys.set(key, { start: keyStart, end: keyEnd, node: { start: keyEnd, end: keyEnd } });
      } else {
        const text = readFlowPlain();
        if (src.charCodeAt(pos) !== COLON || !(isBreakOrSpace(pos + 1) || isFlowIndicator(src.charCodeAt(pos + 1)))) bail();
        key = keyString(text);
        if (keys) keys.set(key, { start: keyStart, end: scalarEnd, node: { start: pos, end: pos } });
        pos++;
      }
      if (key === '__proto__' || key === '<<' || Object.prototype.hasOwnProperty.call(map, key)) bail();
      skipFlowSpace(parentIndent, level);
      const v = src.charCodeAt(pos);
      if (v === COMMA || v === RBRACE) {
        map[key] = null;
      } else {
        map[key] = readFlowValue(parentIndent, level);
        if (keys) keys.get(key)!.node = lastNode;
      }
      skipFlowSpace(parentIndent, level);
      const after = src.charCodeAt(pos);
      if (after === COMMA) {
        pos++;
        continue;
      }
      if (after !== RBRACE) bail();
      break;
    }
    pos++;
    if (record) lastNode = { start, end: pos, keys };
    return map;
  }
  if (c === LBRACKET) {
    pos++;
    const items: unknown[] = [];
    const offsets: OffsetNode[] | undefined = record ? [] : undefined;
    for (;;) {
      skipFlowSpace(parentIndent, level);
      if (src.charCodeAt(pos) === RBRACKET) break;
      items.push(readFlowValue(parentIndent, level));
      if (offsets) offsets.push(lastNode);
      skipFlowSpace(parentIndent, level);
      const after = src.charCodeAt(pos);
      if (after === COMMA) {
        pos++;
        continue;
      }
      if (after !== RBRACKET) bail();
      break;
    }
    pos++;
    if (record) lastNode = { start, end: pos, items: offsets };
    return items;
  }
  return bail();
}

function readFlowValue(parentIndent: number, level: number): unknown {
  const start = pos;
  const c = src.charCodeAt(pos);
  if (c === LBRACE || c === LBRACKET) return readFlowNode(parentIndent, level + 1);
  if (c === DQ || c === SQ) {
    const value = readQuoted(parentIndent);
    if (record) lastNode = { start, end: pos };
    return value;
  }
  const value = resolvePlain(readFlowPlain());
  if (record) lastNode = { start, end: scalarEnd };
  return value;
}

/** A single-line plain scalar in a flow collection; a `:` inside it (URLs, keys) is left to yaml. */
function readFlowPlain(): string {
  if (!canStartPlain(pos, true)) bail();
  const start = pos;
  let end = pos;
  for (; pos < len; pos++) {
    const c = src.charCodeAt(pos);
    if (c === NL || isFlowIndicator(c)) break;
    if (c === COLON) {
      if (isBreakOrSpace(pos + 1) || isFlowIndicator(src.charCodeAt(pos + 1))) break;
      bail();
    }
    if (c === HASH && src.charCodeAt(pos - 1) === SPACE) break;
    if (c !== SPACE) end = pos + 1;
  }
  scalarEnd = end;
  const text = src.slice(start, end);
  // A plain scalar that continues on the next line inside a flow collection: left to yaml.
  let j = pos;
  while (src.charCodeAt(j) === SPACE) j++;
  if (src.charCodeAt(j) === NL) {
    let k = j + 1;
    for (;;) {
      while (src.charCodeAt(k) === SPACE) k++;
      if (src.charCodeAt(k) === NL) {
        k++;
        continue;
      }
      break;
    }
    const next = src.charCodeAt(k);
    if (k < len && !isFlowIndicator(next) && next !== COLON && next !== HASH) bail();
  }
  return text;
}

/** White space, newlines and comments inside a flow collection; continuation lines must stay indented. */
function skipFlowSpace(parentIndent: number, level: number): void {
  for (;;) {
    const c = src.charCodeAt(pos);
    if (c === SPACE) pos++;
    else if (c === HASH) {
      if (src.charCodeAt(pos - 1) !== SPACE && src.charCodeAt(pos - 1) !== NL) bail();
      const nl = src.indexOf('\n', pos);
      if (nl < 0) bail();
      pos = nl;
    } else if (c === NL) {
      pos++;
      let j = pos;
      while (src.charCodeAt(j) === SPACE) j++;
      const next = src.charCodeAt(j);
      if (j >= len) bail();
      if (next !== NL && next !== HASH) {
        const indent = j - pos;
        if (indent === 0 && documentMarker(j)) bail();
        if (indent <= parentIndent) {
          const closesOutermost = level === 0 && indent === parentIndent && (next === RBRACE || next === RBRACKET);
          if (!closesOutermost) bail();
        }
      }
      pos = j;
    } else return;
  }
}

/** A plain scalar used as a mapping key, turned into the string key `toJS` gives it. */
function keyString(text: string): string {
  const value = resolvePlain(text);
  if (value === null) return '';
  return typeof value === 'string' ? value : String(value);
}
