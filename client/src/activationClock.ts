// Imported first by extension.ts so that its timestamp is taken before the bundle's other modules
// (the language client above all) are evaluated: activation time = module load + activate().
export const loadedAt = performance.now();
