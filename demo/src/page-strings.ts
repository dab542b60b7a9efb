/**
 * Fills elements marked `data-i18n="partner.title"` with the demo's strings in the current language,
 * so the pages' markup stays plain HTML a partner can read.
 */
import { t } from './locale.js';

export function applyStrings(root: ParentNode = document): void {
  for (const element of root.querySelectorAll<HTMLElement>('[data-i18n]')) {
    let value: unknown = t();
    for (const key of (element.dataset.i18n ?? '').split('.'))
      value = (value as Record<string, unknown> | undefined)?.[key];
    if (typeof value === 'string') element.textContent = value;
  }
  for (const element of root.querySelectorAll<HTMLElement>('[data-i18n-label]')) {
    let value: unknown = t();
    for (const key of (element.dataset.i18nLabel ?? '').split('.'))
      value = (value as Record<string, unknown> | undefined)?.[key];
    if (typeof value === 'string') element.setAttribute('aria-label', value);
  }
}
