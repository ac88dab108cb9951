// The published declarations. tsc emits one .d.ts per source file into build/dts/
// (not shipped), then API Extractor rolls each entry point's up into one
// self-contained file holding only what that entry exports, @internal members
// trimmed: dist/types/index.d.ts (`melspec-wasm`) and dist/types/worklet.d.ts
// (`melspec-wasm/worklet`). Each is copied to .d.cts for the `require` condition:
// in this "type": "module" package a .d.ts is an ES module to TypeScript, so
// CommonJS consumers need the same declarations under a CommonJS extension.
import { execFileSync } from 'node:child_process';
import { copyFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { Extractor, ExtractorConfig, ExtractorLogLevel } from '@microsoft/api-extractor';

/** The entry points' emitted declarations (under build/dts/) and their rollups (under dist/types/). */
const entries = [
  { emitted: 'public-api.d.ts', rollup: 'index' },
  { emitted: 'worklet/processor.d.ts', rollup: 'worklet' },
];

export function buildTypes(root) {
  const emitted = join(root, 'build/dts');
  rmSync(emitted, { recursive: true, force: true });
  execFileSync(
    process.execPath,
    [join(root, 'node_modules/typescript/bin/tsc'), '-p', join(root, 'js/tsconfig.json')],
    { stdio: 'inherit' },
  );
  for (const { emitted: entry, rollup } of entries) {
    const file = join(root, 'dist/types', `${rollup}.d.ts`);
    rollUp(root, join(emitted, entry), file);
    copyFileSync(file, join(root, 'dist/types', `${rollup}.d.cts`));
  }
}

function rollUp(root, entryFile, outFile) {
  const config = ExtractorConfig.prepare({
    configObject: {
      projectFolder: root,
      mainEntryPointFilePath: entryFile,
      compiler: {
        overrideTsconfig: {
          compilerOptions: {
            target: 'es2022',
            module: 'es2022',
            moduleResolution: 'bundler',
            lib: ['es2023', 'esnext.disposable', 'dom'],
            types: [],
            strict: true,
          },
          files: [entryFile],
        },
      },
      dtsRollup: { enabled: true, untrimmedFilePath: '', publicTrimmedFilePath: outFile },
      apiReport: { enabled: false },
      docModel: { enabled: false },
      tsdocMetadata: { enabled: false },
      newlineKind: 'lf',
      messages: {
        compilerMessageReporting: { default: { logLevel: 'error' } },
        extractorMessageReporting: {
          default: { logLevel: 'warning' },
          // A public signature naming a type the entry does not export: users could not name it.
          'ae-forgotten-export': { logLevel: 'error' },
          // Untagged declarations are public; @internal ones are trimmed without a leading underscore.
          'ae-missing-release-tag': { logLevel: 'none' },
          'ae-internal-missing-underscore': { logLevel: 'none' },
        },
        // The doc comments are for editors' hovers, not TSDoc-strict.
        tsdocMessageReporting: { default: { logLevel: 'none' } },
      },
    },
    configObjectFullPath: undefined,
    packageJsonFullPath: join(root, 'package.json'),
  });
  const problems = [];
  const result = Extractor.invoke(config, {
    localBuild: true,
    messageCallback(message) {
      if (message.logLevel === ExtractorLogLevel.Error || message.logLevel === ExtractorLogLevel.Warning) {
        problems.push(message.formatMessageWithLocation(root));
      }
      message.handled = true;
    },
  });
  if (!result.succeeded || problems.length > 0) {
    throw new Error(`API Extractor (${entryFile}):\n${problems.join('\n')}`);
  }
}
