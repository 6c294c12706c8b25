/** What the report inlines cannot end its script element early, and reads back unchanged. */
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { escapeHtml } from '../../../src/report/escapeHtml.js';
import { inlineJson, inlineScript } from '../../../src/report/inlineScriptText.js';
import { reportCsp } from '../../../src/report/reportHtml.js';

const HOSTILE = '</script><script>alert(1)</script> <!-- & \u2028 \u2029 </SCRIPT>';

describe('inlineJson', () => {
  it('writes no <, >, & or line separator, and parses back to the same value', () => {
    const value = { text: HOSTILE, list: [HOSTILE, 1, null], nested: { '<key>': HOSTILE } };
    const text = inlineJson(value);
    expect(text).not.toMatch(/[<>&\u2028\u2029]/);
    expect(JSON.parse(text)).toEqual(value);
  });
});

describe('inlineScript', () => {
  it('leaves no </script or <!-- in the source, and the code means the same', () => {
    const source = `return ["${'</script>'}", /<!--/.test("<!--"), '</SCRIPT', "<!--x"];`;
    const safe = inlineScript(source);
    expect(safe).not.toMatch(/<\/script|<!--/i);
    expect(new Function(safe)()).toEqual(new Function(source)());
  });
});

describe('escapeHtml', () => {
  it('turns the five HTML-special characters into references', () => {
    expect(escapeHtml(`<a href="x" title='y'>&</a>`)).toBe('&#60;a href=&#34;x&#34; title=&#39;y&#39;&#62;&#38;&#60;/a&#62;');
  });
});

describe('reportCsp', () => {
  it('forbids everything by default and allows exactly the given scripts, by their SHA-256', () => {
    const scripts = ['console.log(1)', 'console.log(2)'];
    const csp = reportCsp(scripts);
    expect(csp).toContain("default-src 'none'");
    expect(csp).toContain("connect-src 'none'");
    const scriptSrc = csp.split('; ').find((d) => d.startsWith('script-src '))!;
    expect(scriptSrc.split(' ').slice(1)).toEqual(scripts.map((s) => `'sha256-${createHash('sha256').update(s).digest('base64')}'`));
    expect(csp).not.toContain('unsafe-eval');
  });
});
