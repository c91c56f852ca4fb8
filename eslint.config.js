import { configApp } from '@adonisjs/eslint-config'
import importX, { createNodeResolver } from 'eslint-plugin-import-x'

export default configApp(
  { ignores: ['build/**', 'tmp/**', 'public/**', 'bench/results/**'] },
  { files: ['tests/**/*.ts'], rules: { '@unicorn/no-await-expression-member': 'off' } },
  {
    // No import circle under app/ (type-only imports count: they tie modules together too).
    files: ['app/**/*.ts', 'start/**/*.ts', 'config/**/*.ts', 'commands/**/*.ts'],
    plugins: { 'import-x': importX },
    settings: {
      'import-x/resolver-next': [
        createNodeResolver({
          extensions: ['.ts', '.js'],
          extensionAlias: { '.js': ['.ts', '.js'] },
        }),
      ],
      'import-x/extensions': ['.ts', '.js'],
    },
    rules: { 'import-x/no-cycle': ['error', { ignoreExternal: true }] },
  }
)
