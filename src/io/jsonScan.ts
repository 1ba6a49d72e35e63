/**
 * A validating JSON scanner that reports where a document is broken (1-based line and column) and on which line
 * each element of a top-level array starts — what `JSON.parse` does not say. Iterative (no recursion, so deeply
 * nested input cannot overflow the stack). Browser-safe.
 * @module
 */
import { ParseError } from '../core/errors.js';

const ARR = 0;
const OBJ = 1;
const NUMBER_AT = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;

/**
 * The deepest nesting of arrays and objects accepted in JSON/NDJSON input. A data table needs 2 (an array of rows);
 * a limit keeps hostile input (200 000 nested brackets) from overflowing the stack of whatever walks the value.
 */
export const MAX_JSON_DEPTH = 64;

/**
 * Whether `text` nests arrays/objects deeper than `limit` (strings skipped). O(length), no allocation: a cheap
 * check before `JSON.parse` on each NDJSON line.
 * @example
 * jsonTooDeep('[[[1]]]', 2); // true
 */
export function jsonTooDeep(text: string, limit = MAX_JSON_DEPTH): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 92) i++;
      else if (c === 34) inString = false;
    } else if (c === 34) inString = true;
    else if (c === 91 || c === 123) {
      if (++depth > limit) return true;
    } else if (c === 93 || c === 125) depth--;
  }
  return false;
}

/** 1-based line and column of character offset `pos` in `text`. */
export function lineColumn(text: string, pos: number): { line: number; column: number } {
  let line = 1;
  let start = 0;
  const end = Math.min(pos, text.length);
  for (let i = 0; i < end; i++) {
    if (text.charCodeAt(i) === 10) {
      line++;
      start = i + 1;
    }
  }
  return { line, column: end - start + 1 };
}

/**
 * Checks that `text` is one JSON value (RFC 8259) and returns the 1-based line on which each element of a
 * top-level array starts (empty when the value is not an array).
 * @remarks O(length), one pass, an explicit stack. `lineOffset` is added to reported lines (for NDJSON).
 * @throws {@link ParseError} with the line and column of the first character that breaks the grammar, else of the
 * first bracket that nests deeper than {@link MAX_JSON_DEPTH}
 * @example
 * ```ts
 * scanJson('[[1, 2],\n [3, 4]]'); // [1, 2]
 * ```
 */
export function scanJson(text: string, lineOffset = 0): number[] {
  const n = text.length;
  const stack: number[] = [];
  const starts: number[] = [];
  let tooDeepAt = -1;
  let i = 0;
  let line = 1; // line of position `counted`
  let counted = 0;
  const lineAt = (pos: number): number => {
    for (; counted < pos; counted++) if (text.charCodeAt(counted) === 10) line++;
    return line;
  };
  const fail = (what: string, pos: number): never => {
    const lc = lineColumn(text, pos);
    const found = pos >= n ? 'the end of the input' : JSON.stringify(text.slice(pos, pos + 12));
    throw new ParseError(
      `Invalid JSON at line ${lc.line + lineOffset}, column ${lc.column}: expected ${what}, found ${found}.`,
      lc.line + lineOffset,
      lc.column,
    );
  };
  const skipWs = (): void => {
    while (i < n) {
      const c = text.charCodeAt(i);
      if (c === 32 || c === 9 || c === 10 || c === 13) i++;
      else break;
    }
  };
  const scanString = (): void => {
    // text[i] === '"'
    i++;
    while (i < n) {
      const c = text.charCodeAt(i);
      if (c === 34) {
        i++;
        return;
      }
      if (c < 0x20) fail('a closing quote (control characters must be escaped)', i);
      if (c === 92) {
        const e = text[i + 1];
        if (e === 'u') {
          if (!/^[0-9a-fA-F]{4}$/.test(text.slice(i + 2, i + 6))) fail('four hex digits after \\u', i + 2);
          i += 6;
        } else if (e !== undefined && '"\\/bfnrt'.includes(e)) i += 2;
        else fail('a valid escape (\\" \\\\ \\/ \\b \\f \\n \\r \\t \\uXXXX)', i + 1);
      } else i++;
    }
    fail('a closing quote', n);
  };
  type Mode = 'value' | 'key' | 'after';
  let mode: Mode = 'value';
  for (;;) {
    if (mode === 'value') {
      skipWs();
      if (stack.length === 1 && stack[0] === ARR) starts.push(lineAt(i) + lineOffset);
      const c = text[i];
      if (c === '{' || c === '[') {
        if (stack.length >= MAX_JSON_DEPTH && tooDeepAt < 0) tooDeepAt = i;
        stack.push(c === '{' ? OBJ : ARR);
        i++;
        skipWs();
        if (text[i] === (c === '{' ? '}' : ']')) {
          stack.pop();
          i++;
          mode = 'after';
        } else mode = c === '{' ? 'key' : 'value';
        continue;
      }
      if (c === '"') scanString();
      else if (c === '-' || (c >= '0' && c <= '9')) {
        NUMBER_AT.lastIndex = i;
        const m = NUMBER_AT.exec(text);
        if (!m || m[0] === '-') fail('a number', i);
        i += (m as RegExpExecArray)[0].length;
      } else if (text.startsWith('true', i)) i += 4;
      else if (text.startsWith('false', i)) i += 5;
      else if (text.startsWith('null', i)) i += 4;
      else fail('a value (number, string, array, object, true, false or null)', i);
      mode = 'after';
    } else if (mode === 'key') {
      skipWs();
      if (text[i] !== '"') fail('a property name in double quotes', i);
      scanString();
      skipWs();
      if (text[i] !== ':') fail("':' after the property name", i);
      i++;
      mode = 'value';
    } else {
      skipWs();
      if (stack.length === 0) {
        if (i < n) fail('the end of the input after the JSON value', i);
        if (tooDeepAt >= 0) {
          // Valid but too deep (grammar errors are reported first): refused before anything walks the value.
          const lc = lineColumn(text, tooDeepAt);
          throw new ParseError(
            `JSON nested more than ${MAX_JSON_DEPTH} levels deep at line ${lc.line + lineOffset}, column ${lc.column}; a data table is an array of rows (arrays or objects of numbers).`,
            lc.line + lineOffset,
            lc.column,
          );
        }
        return starts;
      }
      const top = stack[stack.length - 1];
      const c = text[i];
      if (c === ',') {
        i++;
        mode = top === ARR ? 'value' : 'key';
      } else if ((top === ARR && c === ']') || (top === OBJ && c === '}')) {
        stack.pop();
        i++;
      } else fail(top === ARR ? "',' or ']'" : "',' or '}'", i);
    }
  }
}
