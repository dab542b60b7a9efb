/**
 * The demo's own language switch (EN / اردو). It sets the page's lang and dir and every widget's
 * `locale` attribute, and tells the page's parts to re-render. The choice is a UI preference (no
 * personal data), kept in localStorage so it survives moving between the demo's pages.
 */
import { en, ur, type DemoStrings } from './strings.js';

export type DemoLocale = 'en' | 'ur';
const STORAGE_KEY = 'ijazat-demo-locale';
const listeners = new Set<(locale: DemoLocale) => void>();

function initial(): DemoLocale {
  const fromUrl = new URLSearchParams(location.search).get('lang');
  if (fromUrl === 'ur' || fromUrl === 'en') return fromUrl;
  try {
    return localStorage.getItem(STORAGE_KEY) === 'ur' ? 'ur' : 'en';
  } catch {
    return 'en';
  }
}

let current: DemoLocale = initial();

export function locale(): DemoLocale {
  return current;
}

export function t(): DemoStrings {
  return current === 'ur' ? ur : en;
}

function apply(): void {
  document.documentElement.lang = current;
  document.documentElement.dir = current === 'ur' ? 'rtl' : 'ltr';
  for (const widget of document.querySelectorAll('ijazat-consent[data-follow-locale]'))
    widget.setAttribute('locale', current);
}

export function setLocale(next: DemoLocale): void {
  current = next;
  try {
    localStorage.setItem(STORAGE_KEY, next);
  } catch {
    // Private windows may refuse storage; the switch still works for this page.
  }
  apply();
  for (const listener of listeners) listener(next);
}

export function onLocaleChange(listener: (locale: DemoLocale) => void): void {
  listeners.add(listener);
}

apply();
