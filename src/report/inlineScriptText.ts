/**
 * Text made safe to sit inside an HTML `<script>` element, meaning unchanged: JSON (the report's data)
 * with `<`, `>`, `&` and the JavaScript line separators as `\u` escapes, so `</script>` in any string of a
 * scenario cannot end the element; JavaScript source (Mermaid) with `</script` and `<!--` written as
 * `<\/script` and `<\!--`, which every string and regex literal reads the same.
 */

/** A JSON value as text for `<script type="application/json">`. */
export function inlineJson(value: unknown): string {
  return JSON.stringify(value).replace(/[<>&\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** JavaScript source as text for `<script>`. */
export function inlineScript(source: string): string {
  return source.replace(/<\/script/gi, (m) => `<\\/${m.slice(2)}`).replace(/<!--/g, '<\\!--');
}
