/**
 * Every package the code imports is declared in the package.json that installs it, so an
 * upgrade of Payload (which brings `file-type`, `pino`, `ipaddr.js` today) cannot take one away
 * unnoticed, and what the server runs is not left to devDependencies.
 */
import { readdirSync, readFileSync } from 'node:fs'
import { builtinModules } from 'node:module'
import path from 'node:path'
import ts from 'typescript'
import { describe, expect, it } from 'vitest'

const root = path.resolve(import.meta.dirname, '..')

/** Folders scanned for the root package.json; `examples/partner-receiver` has its own. */
const appFolders = ['src', 'plugins', 'collections', 'tests', 'bench']

describe('declared dependencies', () => {
  it('declares every package the app, its plugins, tests and benchmarks import', () => {
    expect(undeclared({ packageFolder: root, folders: appFolders })).toEqual([])
  })

  it('declares every package the example partner receiver imports in its own package.json', () => {
    expect(
      undeclared({ packageFolder: path.join(root, 'examples/partner-receiver'), folders: ['.'] }),
    ).toEqual([])
  })

  it('runs the server on dependencies alone: no non-test file imports a devDependency', () => {
    const { devDependencies = {} } = readPackage(root)
    const isTestFile = (file: string) => /(^|\/)tests\//.test(file) || /\.test\.tsx?$/.test(file)
    const serverFiles = appFolders.filter((folder) => folder !== 'tests' && folder !== 'bench')
    const found = importsIn({ base: root, folders: serverFiles })
      .filter(({ file, name }) => !isTestFile(file) && Object.hasOwn(devDependencies, name))
      .map(({ file, name }) => `${file}: ${name}`)
    expect(found).toEqual([])
  })
})

/** `file: package` for each import of a package its package.json does not declare. */
const undeclared = ({
  packageFolder,
  folders,
}: {
  packageFolder: string
  folders: string[]
}): string[] => {
  const { dependencies = {}, devDependencies = {} } = readPackage(packageFolder)
  return importsIn({ base: packageFolder, folders })
    .filter(
      ({ name }) => !Object.hasOwn(dependencies, name) && !Object.hasOwn(devDependencies, name),
    )
    .map(({ file, name }) => `${file}: ${name}`)
}

type PackageJson = {
  dependencies?: Record<string, string>
  devDependencies?: Record<string, string>
}

const readPackage = (folder: string): PackageJson =>
  JSON.parse(readFileSync(path.join(folder, 'package.json'), 'utf8')) as PackageJson

const builtins = new Set(builtinModules)

/**
 * The packages imported by the source files under `folders`: static, type-only, dynamic and
 * `require`, as TypeScript's own pre-processor reads them. Relative paths, Node built-ins and the
 * `@payload-config` path alias are not packages.
 */
const importsIn = ({
  base,
  folders,
}: {
  base: string
  folders: string[]
}): { file: string; name: string }[] =>
  folders.flatMap((folder) =>
    sourceFiles(path.join(base, folder)).flatMap((file) =>
      ts
        .preProcessFile(readFileSync(file, 'utf8'), true, true)
        .importedFiles.map(({ fileName }) => fileName)
        .filter(
          (specifier) =>
            !/^[./]/.test(specifier) &&
            !specifier.startsWith('node:') &&
            specifier !== '@payload-config',
        )
        .map((specifier) =>
          specifier
            .split('/')
            .slice(0, specifier.startsWith('@') ? 2 : 1)
            .join('/'),
        )
        .filter((name) => !builtins.has(name))
        .map((name) => ({ file: path.relative(base, file), name })),
    ),
  )

const sourceFiles = (folder: string): string[] =>
  readdirSync(folder, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(folder, entry.name)
    if (entry.isDirectory()) {
      return entry.name === 'node_modules' || entry.name.startsWith('.') ? [] : sourceFiles(full)
    }
    return /\.(c|m)?(j|t)sx?$/.test(entry.name) ? [full] : []
  })
