import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Wording } from '../schemas.js';
import en from './en.js';
import ur from './ur.js';

const placeholders = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map(([, name]) => name).sort();

test("the service's English and Urdu wording hold to the contract: every sentence, only its placeholders", () => {
  for (const wording of [en, ur]) assert.deepEqual(Wording.parse(wording), wording);
});

test('each Urdu sentence fills what its English one fills: no count, time or name is lost in translation', () => {
  for (const key of Object.keys(en) as (keyof Wording)[])
    assert.deepEqual(placeholders(ur[key]), placeholders(en[key]), key);
});

test('a sentence with a placeholder the widget does not fill there is refused, with the ones it may use', () => {
  const result = Wording.safeParse({ ...en, wrong_code: 'Wrong code for {cnic}. Attempts left: {n}.' });
  assert.equal(result.success, false);
  assert.deepEqual(
    result.error?.issues.map((issue) => [issue.path.join('.'), issue.message]),
    [['wrong_code', 'A placeholder this sentence does not have: it may use {n}.']],
  );
  assert.equal(Wording.safeParse({ ...en, send: '' }).success, false, 'an empty sentence');
  assert.equal(Wording.safeParse({ ...en, extra: 'x' }).success, false, 'a key the widget does not know');
});
