/**
 * Terminal-safe messages: text that came from the user's files or arguments (a column name, a cell, a path) may
 * hold ESC/OSC sequences or line breaks; printed raw, they would drive the terminal or forge extra lines.
 * @module
 */

// C0 controls but tab and newline, DEL, C1 controls, and the Unicode line/paragraph separators.
// biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is the purpose
const CONTROLS = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u2028\u2029]/g;

/**
 * Replaces control characters (ESC, CR, BEL, C1, U+2028…) by visible escapes (`\x1b`, `\r`, `\u2028`); tabs and
 * newlines are kept.
 * @example
 * escapeControls('a\x1b]0;x\x07'); // 'a\\x1b]0;x\\x07'
 */
export function escapeControls(s: string): string {
  return s.replace(CONTROLS, (c) => {
    if (c === '\r') return '\\r';
    const code = c.charCodeAt(0);
    return code > 0xff ? `\\u${code.toString(16).padStart(4, '0')}` : `\\x${code.toString(16).padStart(2, '0')}`;
  });
}

/**
 * One terminal-safe line: runs of white space around line breaks become one space, other line breaks `\n`, and
 * control characters are escaped ({@link escapeControls}).
 * @example
 * oneLine('bad value "a\nb"'); // 'bad value "a b"'
 */
export function oneLine(s: string): string {
  return escapeControls(s.replace(/[ \t]*\r?\n[ \t]*/g, ' ')).replace(/\t/g, ' ');
}
