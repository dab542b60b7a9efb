/**
 * The build step that keeps the widget's source readable and its bundle small (minifyTemplates in
 * vite.config.ts): it takes only layout out of Lit's html and css templates, never content, and never
 * touches the expressions inside them.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { minifyCss, minifyHtml, minifyTemplates } from '../../../vite.config.js';

describe('html templates', () => {
  it('drops line breaks and indentation next to tags', () => {
    const source = 'html`\n  <div part="base">\n    <p class="hint">\n      Hello\n    </p>\n  </div>\n`';
    assert.equal(minifyTemplates(source), 'html`<div part=base><p class=hint>Hello</p></div>`');
  });

  it('keeps one space where a line break separates words, values or attributes', () => {
    assert.equal(minifyHtml('<p>\n  ${a}\n  ${b}\n  two\n  words\n</p>'), '<p>${a} ${b} two words</p>');
    assert.equal(
      minifyHtml('<input\n  id="code"\n  data-focus\n  ?disabled=', true),
      '<input id=code data-focus ?disabled=',
    );
  });

  it('keeps whitespace on one line: it is content', () => {
    assert.equal(minifyHtml('<span class="x">Error: </span>', true, true), '<span class=x>Error: </span>');
    assert.equal(minifyHtml('<b>a</b> <b>b</b>', true, true), '<b>a</b> <b>b</b>');
  });

  it('keeps quotes around values that need them, and /> where the element is not known to be void', () => {
    assert.equal(minifyHtml('<p part="message ', true), '<p part="message ');
    assert.equal(minifyHtml('<p tabindex="-1" title="a b">', true, true), '<p tabindex=-1 title="a b">');
    assert.equal(minifyHtml('<br /><input type="text" />', true, true), '<br><input type=text>');
    assert.equal(minifyHtml('<circle r="2" />', true, true), '<circle r=2 />');
  });

  it('leaves expressions alone: strings and nested code inside ${} are not template text', () => {
    const source = [
      'html`',
      '  <p>',
      "    ${flag ? 'two\\n   spaces' : html`\n      <b>nested</b>\n    `}",
      '  </p>',
      '`',
    ].join('\n');
    assert.equal(minifyTemplates(source), "html`<p>${flag ? 'two\\n   spaces' : html`<b>nested</b>`}</p>`");
  });

  it('leaves other tagged templates and plain template strings alone', () => {
    const source = 'sql`\n  SELECT 1\n`; const s = `\n  <p>\n`;';
    assert.equal(minifyTemplates(source), source);
  });
});

describe('css templates', () => {
  it('drops comments and layout, keeps the rules', () => {
    const source =
      "css`\n  /* why */\n  :host {\n    display: block;\n  }\n  [dir='rtl'] input {\n    margin: 0.5em 0;\n  }\n`";
    assert.equal(minifyTemplates(source), 'css`:host{display:block}[dir=rtl] input{margin:.5em 0}`');
  });

  it('keeps what CSS needs: quotes around non-identifiers, spaces in calc() and between selectors', () => {
    assert.equal(minifyCss("[tabindex='-1'] { outline: none; }"), "[tabindex='-1']{outline:none}");
    assert.equal(minifyCss('p { width: calc(1px + 2em); }'), 'p{width:calc(1px + 2em)}');
    assert.equal(minifyCss('div + div { gap: 1px; }'), 'div+div{gap:1px}');
    assert.equal(minifyCss('* { animation: none !important; }'), '*{animation:none!important}');
  });

  it('shortens private custom properties consistently within one stylesheet, and only those', () => {
    const source =
      'css`:host { --_accent: var(--ijazat-color-accent, red); color: var(--_accent); } a { color: var(--_accent); }`';
    assert.equal(
      minifyTemplates(source),
      'css`:host{--_0:var(--ijazat-color-accent,red);color:var(--_0)}a{color:var(--_0)}`',
    );
  });
});
