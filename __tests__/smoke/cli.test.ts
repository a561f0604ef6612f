import { describe, expect, it } from '@jest/globals';

describe('smoke', () => {
  it('runs ESM with TypeScript', async () => {
    const mod = await import('../../src/main.js');
    expect(typeof mod.run).toBe('function');
  });
});
