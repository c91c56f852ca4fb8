import { configApp } from '@adonisjs/eslint-config'

export default configApp(
  { ignores: ['build/**', 'tmp/**', 'public/**', 'bench/results/**'] },
  { files: ['tests/**/*.ts'], rules: { '@unicorn/no-await-expression-member': 'off' } }
)
