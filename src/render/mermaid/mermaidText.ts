/**
 * Text made safe for a Mermaid diagram: every character Mermaid's grammar or its HTML labels could
 * read as syntax (`;` ends a statement, `#` starts an entity, `<` `>` `&` `"` are markup, `%` starts a
 * comment or a directive, braces open a config block) becomes a `#59;`-style entity code, control
 * characters and line breaks become spaces, and a long text is cut with `…`. Everything that comes from
 * a scenario or a trace goes through here; only the diagram's own syntax is written bare.
 */

/** Characters written as Mermaid entity codes (`#<decimal code>;`). */
const ENTITY_CHARACTERS = new Set(['#', ';', '<', '>', '&', '"', '%', '{', '}', '`']);

/** The longest text (in characters, before escaping) one label may show. */
export const MAX_LABEL_CHARACTERS = 160;

/**
 * `text` as Mermaid label text: entity codes for syntax characters, spaces for control characters and
 * line breaks, cut to `max` characters (with `…`) before escaping.
 */
export function mermaidText(text: string, max: number = MAX_LABEL_CHARACTERS): string {
  const chars = [...text];
  const cut = chars.length > max ? [...chars.slice(0, max - 1), '…'] : chars;
  let out = '';
  for (const c of cut) {
    const code = c.codePointAt(0) ?? 0;
    if (code < 0x20 || (code >= 0x7f && code < 0xa0) || code === 0x2028 || code === 0x2029) out += ' ';
    else if (ENTITY_CHARACTERS.has(c)) out += `#${code};`;
    else out += c;
  }
  return out;
}
