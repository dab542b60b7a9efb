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
    const hex = /^#([0-9a-f]{6}|[0-9a-f]{3})$/i.exec(lightDark(fallback)[0]);
    const color = hex ? (hex[1]!.length === 3 ? `#${[...hex[1]!].map((c) => c + c).join('')}` : hex[0]) : null;
    found.set(name, { name, fallback, color });
  }
  return [...found.values()].sort((a, b) => a.name.localeCompare(b.name));
}

export function themeCss(overrides: Map<string, string>, selector: string): string {
  if (!overrides.size) return `${selector} {\n  /* no overrides: the widget's defaults */\n}`;
  return `${selector} {\n${[...overrides].map(([name, value]) => `  ${name}: ${value};`).join('\n')}\n}`;
}

/** `light-dark(light, dark)` split in two; a plain value is the same in both. */
function lightDark(fallback: string): [light: string, dark: string] {
  const both = /^light-dark\(\s*([^,]+?)\s*,\s*([^,]+?)\s*\)$/i.exec(fallback);
  return both ? [both[1]!, both[2]!] : [fallback, fallback];
}

/**
 * The widget's own light and dark defaults for each colour property, read from its stylesheet (the
 * two sides of each `light-dark()` fallback). The gallery sets them on each cell, so a cell shows
 * the light or the dark palette as its caption says, and the editor starts from them.
 */
export function readPalettes(): { light: Map<string, string>; dark: Map<string, string> } {
  const light = new Map<string, string>();
  const dark = new Map<string, string>();
  for (const [name, fallback] of customPropertyUses(widgetCss())) {
    if (!name.startsWith('--ijazat-color-') || !fallback || light.has(name)) continue;
    const [onLight, onDark] = lightDark(fallback);
    light.set(name, onLight);
    dark.set(name, onDark);
  }
  return { light, dark };
}

export function paletteCss(selector: string, palette: Map<string, string>): string {
  return `${selector} {\n${[...palette].map(([name, value]) => `  ${name}: ${value};`).join('\n')}\n}`;
}
