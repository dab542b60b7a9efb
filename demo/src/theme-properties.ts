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
