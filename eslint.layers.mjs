// @ts-check
/**
 * The house's layers and the folders' import rules, checked in CI (`npm run lint`, rule
 * import-x/no-restricted-paths) and explained in docs/ARCHITECTURE.md.
 *
 *   plumbing  ←  core  ←  capabilities  ←  composition
 *
 * A folder imports any folder of a lower layer, and, within its own layer, only the folders listed
 * for it in LAYERS (those lists must not form a cycle: checked when this file loads). So the
 * folders of src/ form no cycle, and the core never knows the capabilities it serves: their
 * plug-ins (policies, relationship sources, glance and agenda sources, entities) are assembled in
 * the composition root (src/app) and handed down as Nest providers.
 */
import fs from 'node:fs';
import importX, { createNodeResolver } from 'eslint-plugin-import-x';
import tseslint from 'typescript-eslint';

/** `(root)` stands for the files directly in src/ (main.ts, bootstrap.ts, app.module.ts). */
export const ROOT = '(root)';

/**
 * Layer → folder → the folders of the same layer it may import (and why, where it is not obvious).
 * Lower layers first.
 * @type {Record<string, Record<string, string[]>>}
 */
export const LAYERS = {
  plumbing: {
    config: [],
    common: ['config'],
    database: ['common'],
  },
  core: {
    audit: [],
    access: ['audit'],
    auth: ['access'],
  },
  capabilities: {
    events: [],
    organisations: [],
    patients: ['events', 'organisations'],
    'care-plans': ['events', 'organisations', 'patients'],
    'deterioration-plans': ['events', 'organisations', 'patients'],
    tasks: ['events', 'organisations', 'patients', 'care-plans', 'deterioration-plans'],
    rounds: ['events', 'organisations', 'patients', 'tasks'],
    discharges: ['events', 'organisations', 'patients', 'care-plans', 'tasks'], // tasks: a medication discrepancy becomes a task for the GP
    // The experience survey asks the SIP follow-up's questions (care-plans' question codes) of every enrolled patient.
    experience: ['organisations', 'patients', 'care-plans'],
    'follow-up': ['organisations', 'patients', 'care-plans', 'discharges', 'experience'],
    'log-review': ['organisations', 'patients'],
    // The reserve snapshot shows what the caseload, the deterioration plans and the SIP show.
    reserve: ['organisations', 'patients', 'care-plans', 'deterioration-plans'],
    // The plan leaves the service: FHIR, GetCarePlans and the patient's printout of a published SIP version
    // (reserve: the printout sets text as the reserve printout does, pdfText).
    'plan-export': ['organisations', 'patients', 'care-plans', 'deterioration-plans', 'reserve'],
    // The patient's own view reads what the SIP, the deterioration plan and the enrollment say, and
    // takes an accepted proposal into the SIP's draft through CarePlansService.
    'patient-view': ['events', 'organisations', 'patients', 'care-plans', 'deterioration-plans', 'experience'],
    health: ['events'],
    // The reserve schedule's figures (reserve.metrics.ts) are read from its scheduler.
    observability: ['events', 'reserve'],
  },
  composition: {
    app: [],
    demo: ['app'],
    [ROOT]: ['app', 'demo'],
    cli: [ROOT, 'app', 'demo'],
  },
};

/** Every folder with its layer and the folders it may import. */
export function folderRules() {
  const layers = Object.entries(LAYERS);
  /** @type {Map<string, { layer: string; allowed: Set<string> }>} */
  const rules = new Map();
  const below = [];
  for (const [layer, folders] of layers) {
    for (const [folder, same] of Object.entries(folders)) {
      const allowed = same;
      for (const f of allowed) if (!(f in folders)) throw new Error(`eslint.layers.mjs: ${folder} lists ${f}, which is not in the ${layer} layer`);
      rules.set(folder, { layer, allowed: new Set([...below, ...allowed]) });
    }
    below.push(...Object.keys(folders));
  }
  checkAcyclic(rules);
  const placeless = fs
    .readdirSync(new URL('./src', import.meta.url), { withFileTypes: true })
    .filter((e) => e.isDirectory() && !rules.has(e.name))
    .map((e) => e.name);
  if (placeless.length) throw new Error(`eslint.layers.mjs: give src/${placeless.join(', src/')} a place in LAYERS`);
  return rules;
}

/** Throws, naming the cycle, when the declared same-layer imports go round. */
function checkAcyclic(/** @type {Map<string, { layer: string; allowed: Set<string> }>} */ rules) {
  /** @type {Map<string, 'open' | 'done'>} */
  const state = new Map();
  const visit = (/** @type {string} */ f, /** @type {string[]} */ path) => {
    if (state.get(f) === 'done') return;
    if (state.get(f) === 'open') throw new Error(`eslint.layers.mjs: the declared imports form a cycle: ${[...path.slice(path.indexOf(f)), f].join(' → ')}`);
    state.set(f, 'open');
    for (const g of rules.get(f)?.allowed ?? []) visit(g, [...path, f]);
    state.set(f, 'done');
  };
  for (const f of rules.keys()) visit(f, []);
}

const dir = (/** @type {string} */ folder) => (folder === ROOT ? 'src/*.ts' : `src/${folder}`);

/** The zones of import-x/no-restricted-paths: for each folder, the folders it may not import. */
export function layerZones() {
  const rules = folderRules();
  const all = [...rules.keys()];
  return all.flatMap((folder) => {
    const { layer, allowed } = /** @type {{ layer: string; allowed: Set<string> }} */ (rules.get(folder));
    return all
      .filter((other) => other !== folder && !allowed.has(other))
      .map((other) => ({
        target: folder === ROOT ? 'src/*.ts' : `src/${folder}/**`,
        from: dir(other),
        message: `${folder} (${layer}) may not import ${other} (${rules.get(other)?.layer}): see LAYERS in eslint.layers.mjs and docs/ARCHITECTURE.md.`,
      }));
  });
}

/** The config block: every source file, with a resolver that finds TypeScript files behind extensionless imports. */
export function layers() {
  return [
    {
      files: ['src/**/*.ts'],
      languageOptions: { parser: tseslint.parser, ecmaVersion: 'latest', sourceType: 'module' },
      plugins: { 'import-x': importX },
      settings: { 'import-x/resolver-next': [createNodeResolver({ extensions: ['.ts', '.js', '.json'] })] },
      rules: {
        'import-x/no-restricted-paths': ['error', { zones: layerZones() }],
        // Every folder under src/ has its place in LAYERS (a new folder must be given one).
        'import-x/no-unresolved': 'off',
      },
    },
  ];
}
