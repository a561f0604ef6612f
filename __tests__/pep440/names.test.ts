import { describe, expect, test } from '@jest/globals';
import { isValidName, normalizeName } from '../../src/pep440/names.js';

describe('normalizeName', () => {
  test.each([
    ['Flask_SQLAlchemy', 'flask-sqlalchemy'],
    ['zope.interface', 'zope-interface'],
    ['a__-._b', 'a-b'],
    ['Django', 'django'],
  ])('%s → %s', (raw, normal) => {
    expect(normalizeName(raw)).toBe(normal);
  });
});

describe('isValidName', () => {
  test.each(['a', 'A1', 'foo.bar-baz_qux', '3to2'])('accepts %s', (name) => {
    expect(isValidName(name)).toBe(true);
  });
  test.each(['', '-a', 'a-', 'a b', 'ä', '.a', 'a.'])('rejects %j', (name) => {
    expect(isValidName(name)).toBe(false);
  });
});
