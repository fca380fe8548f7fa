import js from '@eslint/js';
import nx from '@nx/eslint-plugin';
import prettier from 'eslint-config-prettier';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  {
    ignores: [
      '**/dist/**',
      '**/node_modules/**',
      '.nx/**',
      '.bench/**',
      '.scratch/**',
      'test-results/**',
      '.mesh/**',
      'coverage/**',
      '**/__fixtures__/**',
      'domains/**/fixtures/**',
      '**/files/**',
      'tools/avro-oracle/target/**',
      '**/*.generated.ts',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['packages/*/src/**/*.ts'],
    languageOptions: {
      parserOptions: { project: ['./tsconfig.lint.json'], tsconfigRootDir: import.meta.dirname },
    },
    plugins: { '@nx': nx },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
      '@typescript-eslint/switch-exhaustiveness-check': 'error',
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/no-explicit-any': 'error',
      'no-console': 'error',
      '@nx/enforce-module-boundaries': [
        'error',
        {
          allow: [],
          depConstraints: [
            { sourceTag: 'scope:core', onlyDependOnLibsWithTags: [] },
            { sourceTag: 'scope:adapter', onlyDependOnLibsWithTags: ['scope:core'] },
            {
              sourceTag: 'scope:runtime',
              onlyDependOnLibsWithTags: ['scope:core', 'scope:adapter', 'scope:catalog'],
            },
            { sourceTag: 'scope:catalog', onlyDependOnLibsWithTags: ['scope:core'] },
            { sourceTag: 'scope:cli', onlyDependOnLibsWithTags: ['scope:core', 'scope:runtime'] },
            { sourceTag: 'scope:nx-plugin', onlyDependOnLibsWithTags: ['scope:core'] },
          ],
        },
      ],
    },
  },
  {
    // Tests may reach the shared test helpers in tools/test/ and fixtures by path; the
    // boundaries protect what ships.
    files: ['packages/*/src/**/*.test.ts', 'packages/*/src/**/testing/**/*.ts'],
    rules: {
      '@typescript-eslint/no-non-null-assertion': 'off',
      '@nx/enforce-module-boundaries': 'off',
    },
  },
  {
    files: ['packages/cli/src/**/*.ts', 'tools/**/*.{ts,mjs,js}'],
    rules: { 'no-console': 'off' },
  },
  {
    files: ['**/*.mjs', '**/*.js'],
    languageOptions: {
      globals: {
        process: 'readonly',
        console: 'readonly',
        URL: 'readonly',
        setTimeout: 'readonly',
        clearTimeout: 'readonly',
        Buffer: 'readonly',
      },
    },
  },
  prettier,
);
