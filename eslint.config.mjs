// Flat config: typescript-eslint's recommended rules (syntax only, no type-aware rules), with
// globals per side of the project.
import js from '@eslint/js';
import { defineConfig } from 'eslint/config';
import globals from 'globals';
import tseslint from 'typescript-eslint';

// What the mini-program runtime provides (plus simulate's Behavior in page tests).
const miniprogramGlobals = {
  wx: 'readonly',
  App: 'readonly',
  Page: 'readonly',
  Component: 'readonly',
  Behavior: 'readonly',
  getApp: 'readonly',
  getCurrentPages: 'readonly',
  requirePlugin: 'readonly',
};

export default defineConfig(
  {
    ignores: [
      'build/',
      'node_modules/',
      'miniprogram/miniprogram_npm/',
      '.data/',
      'coverage/',
      // Generated bundles (scripts/functions.ts): each function's deployable index.js.
      'cloudfunctions/*/index.js',
    ],
  },
  js.configs.recommended,
  tseslint.configs.recommended,
  {
    rules: {
      // `_`-prefixed names are deliberately unused (placeholders in signatures, rest omissions).
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', ignoreRestSiblings: true },
      ],
    },
  },
  {
    files: ['core/**', 'cloudfunctions/**', 'local/**', 'scripts/**', 'tests/**', '*.{js,cjs,mjs}'],
    languageOptions: { globals: globals.node },
  },
  {
    files: ['tests/**'],
    languageOptions: { globals: globals.jest },
  },
  {
    // Page tests run pages in jsdom with the mini-program globals defined by the harness.
    files: ['miniprogram/**', 'tests/pages/**'],
    languageOptions: { globals: { ...globals.es2021, ...miniprogramGlobals } },
  },
  {
    // CommonJS files (jest configs): require() is the module system there.
    files: ['**/*.{js,cjs}'],
    languageOptions: { sourceType: 'commonjs' },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
);
