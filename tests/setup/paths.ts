import path from 'node:path'
import { fileURLToPath } from 'node:url'

export const testsRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..')
export const tmpDir = path.join(testsRoot, '.tmp')
export const templateDbPath = path.join(tmpDir, 'template.db')
