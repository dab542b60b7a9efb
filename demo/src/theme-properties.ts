/**
 * The widget's theming surface, read from the widget itself: every `var(--ijazat-…, fallback)` in its
 * styles. So the gallery's editor lists exactly the custom properties the shipped widget honours.
 */
export interface ThemeProperty {
  name: string;
  fallback: string;
  /** A #rrggbb starting value for a colour picker, when the fallback is a plain colour. */
  color: string | null;
}

type StyledElement = CustomElementConstructor & { elementStyles?: { cssText?: string }[] };

/** Every `var(--ijazat-…, fallback)` in CSS text, in order; fallbacks may hold commas and parentheses. */
function customPropertyUses(css: string): [name: string, fallback: string][] {
  const uses: [string, string][] = [];
  for (const match of css.matchAll(/var\(\s*(--ijazat-[a-z0-9-]+)\s*(,?)/gi)) {
    let depth = 1;
    let i = match.index + match[0].length;
    const start = i;
    for (; i < css.length && depth > 0; i += 1) {
      if (css[i] === '(') depth += 1;
      else if (css[i] === ')') depth -= 1;
    }
    uses.push([match[1]!, match[2] ? css.slice(start, i - 1).trim() : '']);
  }
  return uses;
}

function widgetCss(): string {
  const element: StyledElement | undefined = customElements.get('ijazat-consent');
  return (element?.elementStyles ?? []).map((style) => style.cssText ?? '').join('\n');
}

export function readThemeProperties(): ThemeProperty[] {
  const found = new Map<string, ThemeProperty>();
  for (const [name, fallback] of customPropertyUses(widgetCss())) {
    if (found.has(name)) continue;
    const hex = /^#([0-9a-f]{6}|[0-9a-f]{3})$/i.exec(fallback);
    const color = hex ? (hex[1]!.length === 3 ? `#${[...hex[1]!].map((c) => c + c).join('')}` : fallback) : null;
    found.set(name, { name, fallback, color });
  }
  return [...found.values()].sort((a, b) => a.name.localeCompare(b.name));
}

export function themeCss(overrides: Map<string, string>, selector: string): string {
  if (!overrides.size) return `${selector} {\n  /* no overrides: the widget's defaults */\n}`;
  return `${selector} {\n${[...overrides].map(([name, value]) => `  ${name}: ${value};`).join('\n')}\n}`;
}

/** The block of a media query in a stylesheet's text (to the matching brace), or ''. */
function mediaBlock(css: string, query: RegExp): { start: number; end: number } | null {
  const match = query.exec(css);
  if (!match) return null;
  let depth = 0;
  for (let i = css.indexOf('{', match.index); i < css.length; i += 1) {
    if (css[i] === '{') depth += 1;
    else if (css[i] === '}' && --depth === 0) return { start: match.index, end: i + 1 };
  }
  return null;
}

/**
 * The widget's own light and dark defaults for each custom property, read from its stylesheet: the
 * fallbacks outside and inside its `prefers-color-scheme: dark` block. The gallery sets these on each
 * cell so a cell shows the light or the dark palette whatever the visitor's system setting is (the
 * widget follows the media query only).
 */
export function readPalettes(): { light: Map<string, string>; dark: Map<string, string> } {
  const css = widgetCss();
  const block = mediaBlock(css, /@media\s*\(\s*prefers-color-scheme\s*:\s*dark\s*\)/i);
  const colours = (text: string) => {
    const found = new Map<string, string>();
    for (const [name, fallback] of customPropertyUses(text)) {
      if (name.startsWith('--ijazat-color-') && fallback && !found.has(name)) found.set(name, fallback);
    }
    return found;
  };
  const dark = block ? colours(css.slice(block.start, block.end)) : new Map<string, string>();
  const light = colours(block ? css.slice(0, block.start) + css.slice(block.end) : css);
  return { light, dark };
}

export function paletteCss(selector: string, palette: Map<string, string>): string {
  return `${selector} {\n${[...palette].map(([name, value]) => `  ${name}: ${value};`).join('\n')}\n}`;
}
