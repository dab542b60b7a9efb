/**
 * Calls the in-page simulator the way a page does: plain fetch to the widget's default api-base,
 * answered by MSW's service worker. Shared by the browser test harnesses. Not a test file.
 */
import { DEFAULT_API_BASE } from '../../../src/contract/api.js';
import type { ServiceJson } from '../../support/service-json.js';

export const BASE = DEFAULT_API_BASE;

export async function sim<T = ServiceJson>(method: string, path: string, body?: unknown): Promise<T> {
  const response = await fetch(BASE + path, {
    method,
    // State changes say JSON even without a body: /__sim refuses them otherwise (CSRF guard).
    headers: method === 'GET' ? {} : { 'Content-Type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return (await response.json()) as T;
}
