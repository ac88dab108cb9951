// Licences and metadata as users get them: the packed tarball carries LICENSE,
// THIRD-PARTY-NOTICES (KissFFT's and Emscripten's licence texts, since both are compiled
// into the shipped .wasm and glue) and CHANGELOG.md; package.json names the repository;
// README links resolve inside the tarball or are absolute URLs; `npm publish --dry-run`
// prints no warning. dist/ must be built first (npm test builds it).
import { execFileSync, spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { packPackage, repoRoot, tarballFiles } from '../helpers/packed';

jest.setTimeout(120_000);

let tarball: string;
let files: string[];
beforeAll(() => {
  tarball = packPackage('.');
  files = tarballFiles(tarball);
});

/** A file's text as the tarball holds it. */
function packedText(path: string): string {
  return execFileSync('tar', ['-xzOf', tarball, `package/${path}`], { encoding: 'utf8' });
}

/** Link and image targets of a Markdown text, outside code blocks and code spans. */
function markdownLinkTargets(markdown: string): string[] {
  const prose = markdown.replace(/^```[^\n]*\n[\s\S]*?^```$/gm, '').replace(/`[^`\n]*`/g, '');
  return [...prose.matchAll(/!?\[[^\]]*\]\(([^)\s]+)(?:\s+"[^"]*")?\)/g)].map((match) => match[1]);
}

/** The anchors GitHub gives a Markdown text's headings ("## Browser support" → browser-support). */
function markdownHeadingSlugs(markdown: string): Set<string> {
  const prose = markdown.replace(/^```[^\n]*\n[\s\S]*?^```$/gm, '');
  return new Set(
    [...prose.matchAll(/^#{1,6}\s+(.+)$/gm)].map((match) =>
      match[1]
        .replace(/`/g, '')
        .toLowerCase()
        .replace(/[^\p{L}\p{N}\- ]/gu, '')
        .replace(/ /g, '-'),
    ),
  );
}

/** Whitespace-insensitive form, for comparing licence texts that were re-wrapped or indented. */
const words = (text: string) => text.replace(/\s+/g, ' ').trim();

test('the tarball holds LICENSE, THIRD-PARTY-NOTICES, CHANGELOG.md and README.md', () => {
  expect(files).toEqual(
    expect.arrayContaining(['LICENSE', 'THIRD-PARTY-NOTICES', 'CHANGELOG.md', 'README.md', 'package.json']),
  );
});

test('LICENSE is the BSD-3-Clause text that package.json names, for melspec-wasm contributors', () => {
  const license = packedText('LICENSE');
  expect(license).toBe(readFileSync(join(repoRoot, 'LICENSE'), 'utf8'));
  expect(license).toMatch(/^BSD 3-Clause License\n\nCopyright \(c\) 2026, melspec-wasm contributors\n/);
  expect(words(license)).toContain(
    words('3. Neither the name of the copyright holder nor the names of its contributors may be used'),
  );
  expect(JSON.parse(packedText('package.json')).license).toBe('BSD-3-Clause');
});

test("THIRD-PARTY-NOTICES carries KissFFT's licence text as fetched with its sources", () => {
  const notices = words(packedText('THIRD-PARTY-NOTICES'));
  const kissfft = join(repoRoot, '.deps', 'kissfft');
  // COPYING holds the copyright line; LICENSES/BSD-3-Clause the text after its SPDX header,
  // whose "<year> <owner>" placeholder line COPYING fills in.
  const copyright = readFileSync(join(kissfft, 'COPYING'), 'utf8').split('\n')[0];
  expect(copyright).toBe('Copyright (c) 2003-2010 Mark Borgerding . All rights reserved.');
  expect(notices).toContain(words(copyright));
  const spdx = readFileSync(join(kissfft, 'LICENSES', 'BSD-3-Clause'), 'utf8');
  const licenseText = spdx
    .slice(spdx.indexOf('License-Text:') + 'License-Text:'.length)
    .replace(/^\s*Copyright \(c\) <year> <owner> \. All rights reserved\.\s*$/m, '');
  expect(words(licenseText).length).toBeGreaterThan(1000);
  expect(notices).toContain(words(licenseText));
  expect(notices).toMatch(/KISS FFT 131\.1\.0 .*Covers: .*dist\/melspec\.wasm and dist\/melspec-scalar\.wasm/);
});

test("THIRD-PARTY-NOTICES carries the Emscripten runtime's MIT and NCSA licences and says what they cover", () => {
  const notices = words(packedText('THIRD-PARTY-NOTICES'));
  expect(notices).toContain(
    'Emscripten is available under 2 licenses, the MIT license and the University of Illinois/NCSA Open Source License.',
  );
  expect(notices).toContain(
    words(`Permission is hereby granted, free of charge, to any person obtaining a copy
    of this software and associated documentation files (the "Software"), to deal
    in the Software without restriction`),
  );
  expect(notices).toContain(
    words(`Redistributions in binary form must reproduce the above
    copyright notice, this list of conditions and the following disclaimers`),
  );
  expect(notices).toContain('Copyright (c) 2010-2014 Emscripten authors, see AUTHORS file.');
  // Every shipped file with Emscripten glue in it is named.
  const glueFiles = files.filter(
    (path) => /^dist\/[^/]+\.(js|cjs)$/.test(path) && packedText(path).includes('locateFile'),
  );
  expect(glueFiles.length).toBeGreaterThan(0);
  const emscriptenSection = notices.slice(
    notices.indexOf('2. EMSCRIPTEN'),
    notices.indexOf('Emscripten is available under'),
  );
  for (const path of glueFiles)
    expect({ path, named: emscriptenSection.includes(path) }).toEqual({ path, named: true });
  // musl's MIT notice travels with the libc it links into the .wasm.
  expect(notices).toContain('Copyright © 2005-2020 Rich Felker, et al.');
});

test('package.json names the repository, homepage, issue tracker and author', () => {
  const manifest = JSON.parse(packedText('package.json'));
  expect(manifest.repository).toEqual({ type: 'git', url: 'git+https://github.com/melspec-wasm/melspec-wasm.git' });
  expect(manifest.homepage).toBe('https://github.com/melspec-wasm/melspec-wasm#readme');
  expect(manifest.bugs).toEqual({ url: 'https://github.com/melspec-wasm/melspec-wasm/issues' });
  expect(manifest.author).toBe('melspec-wasm contributors');
});

test('every README link is an absolute URL, a file in the tarball, or a heading of the README', () => {
  const readme = packedText('README.md');
  const slugs = markdownHeadingSlugs(readme);
  const targets = markdownLinkTargets(readme);
  expect(targets.length).toBeGreaterThan(10);
  const broken = targets.filter((target) => {
    if (/^https:\/\//.test(target)) return false;
    if (target.startsWith('#')) return !slugs.has(target.slice(1));
    return !files.includes(target.split('#')[0].replace(/^\.\//, ''));
  });
  expect(broken).toEqual([]);
});

test.each([
  ['.', 'melspec-wasm'],
  ['packages/cli', 'melspec-cli'],
])('npm publish --dry-run in %s is clean: no warning but the one about not being logged in', (folder, name) => {
  const result = spawnSync('npm', ['publish', '--dry-run', '--offline'], {
    cwd: join(repoRoot, folder),
    encoding: 'utf8',
  });
  expect(result.status).toBe(0);
  const warnings = `${result.stdout}\n${result.stderr}`
    .split('\n')
    .filter((line) => /\bwarn/i.test(line))
    .filter((line) => !/requires you to be logged in .*\(dry-run\)/.test(line));
  expect(warnings).toEqual([]);
  expect(result.stdout + result.stderr).toMatch(new RegExp(`\\+ ${name}@\\d+\\.\\d+\\.\\d+`));
});

test('the CLI package ships LICENSE and THIRD-PARTY-NOTICES, the same texts as the library', () => {
  const cliFiles = tarballFiles(packPackage('packages/cli'));
  expect(cliFiles).toEqual(
    expect.arrayContaining(['LICENSE', 'THIRD-PARTY-NOTICES', 'README.md', 'package.json', 'dist/cli.js']),
  );
  expect(cliFiles.filter((file) => file.endsWith('.map'))).toEqual([]);
});
