/**
 * Fills `{placeholders}`. Values go into sentences bidi-isolated, as <bdi> would. Words get a
 * first-strong isolate (FSI); values with no letters (masked mobiles, times, counts) a left-to-right
 * one (LRI), because FSI would take the Urdu sentence's direction and show "03•• •••••67" reversed.
 */
export const fill = (text: string, values: Record<string, string | number | undefined>): string =>
  text.replace(/\{(\w+)\}/g, (_, name: string) => {
    const value = `${values[name]}`;
    return `${/\p{L}/u.test(value) ? '\u2068' : '\u2066'}${value}\u2069`;
  });

/** Seconds as m:ss. */
export const clock = (seconds: number): string =>
  `${Math.floor(seconds / 60)}:${String(seconds % 60).padStart(2, '0')}`;
