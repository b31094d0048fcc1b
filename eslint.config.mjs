import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import jest from 'eslint-plugin-jest';

export default tseslint.config(
  { ignores: ['node_modules/', 'dist/', 'out/', '.services/', 'coverage/'] },
  js.configs.recommended,
  {
    files: ['**/*.js', '**/*.cjs'],
    languageOptions: {
      sourceType: 'commonjs',
      globals: {
        module: 'writable',
        require: 'readonly',
        __dirname: 'readonly',
        process: 'readonly',
        console: 'readonly',
      },
    },
  },
  {
    // The pages' scripts: plain browser scripts (no modules), type-checked by tsconfig.web.json,
    // which knows the DOM's globals; so no-undef is left to it.
    files: ['web/**/*.js'],
    languageOptions: { sourceType: 'script', globals: {} },
    rules: { 'no-undef': 'off' },
  },
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    files: ['**/*.test.ts', 'test/**/*.ts'],
    plugins: { jest },
    rules: { 'jest/no-focused-tests': 'error', 'jest/no-disabled-tests': 'error' },
  },
  {
    // models/ is the only code that talks to the database: services, workers, scripts and benches
    // get repositories (tests may hold a connection of their own).
    files: ['services/**/*.ts', 'workers/**/*.ts', 'scripts/**/*.ts', 'bench/**/*.ts'],
    ignores: ['**/*.test.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [
            {
              name: 'mongoose',
              message: 'Only models/ talks to the database: take repositories (ServiceDeps.repos).',
            },
            {
              name: 'mongodb',
              message: 'Only models/ talks to the database: take repositories (ServiceDeps.repos).',
            },
          ],
          patterns: [
            {
              group: ['**/models/*', '!**/models/index'],
              message: 'Import models through models/index (the repositories and their types).',
            },
          ],
        },
      ],
    },
  },
  {
    // The pure cores never touch I/O, any clock or the environment.
    files: ['scoring/**/*.ts', 'scheduling/**/*.ts'],
    ignores: ['**/*.test.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [
            'mongoose',
            'mongodb',
            'express',
            'bullmq',
            'ioredis',
            'fs',
            'node:fs',
            'http',
            'node:http',
            'perf_hooks',
            'node:perf_hooks',
          ],
        },
      ],
      'no-restricted-properties': [
        'error',
        {
          object: 'Date',
          property: 'now',
          message: 'The cores read no clock: take a clock from the caller.',
        },
        {
          object: 'performance',
          property: 'now',
          message: 'The cores read no clock: take a clock from the caller.',
        },
        {
          object: 'process',
          property: 'hrtime',
          message: 'The cores read no clock: take a clock from the caller.',
        },
        {
          object: 'process',
          property: 'uptime',
          message: 'The cores read no clock: take a clock from the caller.',
        },
        { object: 'process', property: 'env' },
        { object: 'Math', property: 'random' },
      ],
      'no-restricted-globals': [
        'error',
        { name: 'performance', message: 'The cores read no clock: take a clock from the caller.' },
      ],
      'no-restricted-syntax': [
        'error',
        {
          selector: "NewExpression[callee.name='Date'][arguments.length=0]",
          message: 'new Date() reads the clock: take the time from the caller.',
        },
        {
          selector: "CallExpression[callee.name='Date']",
          message: 'Date() reads the clock: take the time from the caller.',
        },
      ],
    },
  },
);
