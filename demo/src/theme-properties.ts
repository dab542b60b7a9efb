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

export function readThemeProperties(): ThemeProperty[] {
  const element = customElements.get('ijazat-consent') as StyledElement | undefined;
  const css = (element?.elementStyles ?? []).map((style) => style.cssText ?? '').join('\n');
  const found = new Map<string, ThemeProperty>();
  for (const match of css.matchAll(/var\(\s*(--ijazat-[a-z0-9-]+)\s*(?:,\s*([^;{}]*?))?\)\s*[;,)\s]/gi)) {
    const name = match[1]!;
    if (found.has(name)) continue;
    const fallback = (match[2] ?? '').trim();
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
  const element = customElements.get('ijazat-consent') as StyledElement | undefined;
  const css = (element?.elementStyles ?? []).map((style) => style.cssText ?? '').join('\n');
  const block = mediaBlock(css, /@media\s*\(\s*prefers-color-scheme\s*:\s*dark\s*\)/i);
  const pairs = (text: string) => {
    const found = new Map<string, string>();
    for (const match of text.matchAll(/var\(\s*(--ijazat-color-[a-z0-9-]+)\s*,\s*([^;{}()]+|[a-z-]+\([^()]*\))\s*\)/gi)) {
      if (!found.has(match[1]!)) found.set(match[1]!, match[2]!.trim());
    }
    return found;
  };
  const dark = block ? pairs(css.slice(block.start, block.end)) : new Map<string, string>();
  const light = pairs(block ? css.slice(0, block.start) + css.slice(block.end) : css);
  return { light, dark };
}

export function paletteCss(selector: string, palette: Map<string, string>): string {
  return `${selector} {\n${[...palette].map(([name, value]) => `  ${name}: ${value};`).join('\n')}\n}`;
}
