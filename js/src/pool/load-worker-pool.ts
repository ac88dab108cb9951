// The pool's workers' code, imported by the first MelSpectrogramPool.create(). The builds
// without chunks (CommonJS, browsers) replace this module with one importing it statically
// (scripts/build-js.mjs), as a dynamic import there would wrap every module it reaches
// in a lazy initialiser (16 kB more code).
export const loadWorkerPool = (): Promise<typeof import('./worker-pool.js')> => import('./worker-pool.js');
