// Jest runs the TypeScript tests against the built package (dist/), through
// the same entry points users get: `melspec-wasm` resolves to the CommonJS
// build here; test/esm-entry.test.ts runs the ESM build in a child process.
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: '<rootDir>/test/tsconfig.json' }] },
  moduleNameMapper: { '^melspec-wasm$': '<rootDir>/dist/node.cjs' },
  testTimeout: 60000,
};
