/**
 * Mermaid 11 itself, the browser bundle from the `mermaid` package (`mermaid/dist/mermaid.min.js`),
 * read once: the report inlines it so the page draws its diagrams offline. Found through Node's module
 * resolution, so it works from src/ and from an installed package's dist/ alike.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

let cached: string | undefined;

export function mermaidSource(): string {
  if (cached === undefined) {
    const file = createRequire(import.meta.url).resolve('mermaid/dist/mermaid.min.js');
    cached = readFileSync(file, 'utf8');
  }
  return cached;
}
