import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * A tiny import scanner for the architecture tests. No library (madge, dependency-cruiser) is used: our
 * rules need only the specifiers of static/dynamic imports and re-exports in our own TypeScript, which a
 * regex over comment-stripped source finds reliably, and a dependency tree for a test would be more to trust
 * than these few lines.
 */

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');

/** Every .ts file under `dir` (relative to the project root), sorted for stable failure messages. */
export function sourceFiles(dir: string): string[] {
  const abs = join(ROOT, dir);
  if (!existsSync(abs)) return [];
  const out: string[] = [];
  for (const entry of readdirSync(abs)) {
    const path = join(abs, entry);
    if (statSync(path).isDirectory()) out.push(...sourceFiles(relative(ROOT, path)));
    else if (entry.endsWith('.ts') && !entry.endsWith('.d.ts')) out.push(relative(ROOT, path));
  }
  return out.sort();
}

/** Source without comments, so prose such as "never call Date.now()" does not trip the rules. */
export function stripComments(source: string): string {
  return source.replace(/\/\*[\s\S]*?\*\//g, '').replace(/(^|[^:'"`\\])\/\/.*$/gm, '$1');
}

/** Loaded when the importing module loads: static imports, type-only imports, re-exports, require(). */
const STATIC_PATTERNS = [/\b(?:import|export)\s+(?:type\s+)?(?:[\w*{}\s,$]+?\s+from\s+)?['"]([^'"]+)['"]/g, /\brequire\s*\(\s*['"]([^'"]+)['"]\s*\)/g];
/** Loaded only when the code reaches it: `import('…')`. */
const DYNAMIC_PATTERNS = [/\bimport\s*\(\s*['"]([^'"]+)['"]\s*\)/g];

function matching(source: string, patterns: readonly RegExp[]): string[] {
  const code = stripComments(source);
  const found = new Set<string>();
  for (const pattern of patterns) for (const m of code.matchAll(pattern)) found.add(m[1]!);
  return [...found];
}

/** Module specifiers a source text imports (static, type-only, dynamic, require, re-export). */
export function importsOf(source: string): string[] {
  return matching(source, [...STATIC_PATTERNS, ...DYNAMIC_PATTERNS]);
}

/** Only what loads with the module itself: importsOf without the dynamic `import('…')` calls. */
export function staticImportsOf(source: string): string[] {
  return matching(source, STATIC_PATTERNS);
}

/** Only the dynamic `import('…')` calls. */
export function dynamicImportsOf(source: string): string[] {
  return matching(source, DYNAMIC_PATTERNS);
}

/** `import type … from` / `export type … from`: erased by the compiler, so never loaded at run time. */
const TYPE_ONLY_STATEMENT = /\b(?:import|export)\s+type\s+[\w*{}\s,$]+?\s+from\s+['"][^'"]+['"]/g;

/** The specifiers a source text loads at run time: importsOf without the type-only statements. */
export function runtimeImportsOf(source: string): string[] {
  return importsOf(stripComments(source).replace(TYPE_ONLY_STATEMENT, ''));
}

/** The npm package a bare specifier names (`@smithy/core/retry` → `@smithy/core`); null for relative paths and Node built-ins. */
export function packageOf(specifier: string): string | null {
  if (specifier.startsWith('.') || specifier.startsWith('/') || specifier.startsWith('node:') || builtinModules.includes(specifier)) return null;
  const parts = specifier.split('/');
  return specifier.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0]!;
}

/** A relative specifier resolved to a project file (`./x.js` → `dir/x.ts`), or null when it is a package. */
export function resolveRelative(fromFile: string, specifier: string): string | null {
  if (!specifier.startsWith('.')) return null;
  const target = join(dirname(fromFile), specifier);
  for (const candidate of [target.replace(/\.js$/, '.ts'), target, `${target}.ts`, join(target, 'index.ts')]) {
    if (existsSync(join(ROOT, candidate)) && statSync(join(ROOT, candidate)).isFile()) return candidate;
  }
  return null;
}

/** File → the project files it imports, over relative imports only. */
export function importGraph(files: readonly string[]): Map<string, string[]> {
  const graph = new Map<string, string[]>();
  for (const file of files) {
    const deps = importsOf(readFileSync(join(ROOT, file), 'utf8'))
      .map((s) => resolveRelative(file, s))
      .filter((d): d is string => d !== null);
    graph.set(file, deps);
  }
  return graph;
}

/** Every cycle found by depth-first search, each as the path that closes it (a → b → a). */
export function findCycles(graph: ReadonlyMap<string, readonly string[]>): string[][] {
  const cycles: string[][] = [];
  const state = new Map<string, 'visiting' | 'done'>();
  const stack: string[] = [];
  const visit = (node: string) => {
    state.set(node, 'visiting');
    stack.push(node);
    for (const next of graph.get(node) ?? []) {
      const s = state.get(next);
      if (s === 'visiting') cycles.push([...stack.slice(stack.indexOf(next)), next]);
      else if (s === undefined) visit(next);
    }
    stack.pop();
    state.set(node, 'done');
  };
  for (const node of [...graph.keys()].sort()) if (!state.has(node)) visit(node);
  return cycles;
}
