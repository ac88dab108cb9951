// Source modules that are no package's API (internal helpers, the CLI's pieces), as tests
// reach them: bundled by esbuild from TypeScript to CommonJS, then evaluated here or handed
// to a child process as text.
import { type BuildOptions, buildSync } from 'esbuild';

/** The CommonJS source of `options`' entry (an entry point or stdin), bundled for Node. */
export function bundledSource(options: BuildOptions): string {
  const { outputFiles } = buildSync({ bundle: true, format: 'cjs', platform: 'node', ...options, write: false });
  return outputFiles[0]!.text;
}

/** That bundle evaluated in this process: its exports. */
export function loadBundled<T>(options: BuildOptions): T {
  const module = { exports: {} as T };
  new Function('module', 'exports', 'require', bundledSource(options))(module, module.exports, require);
  return module.exports;
}
