// sitrep's floors, checked by `npm run lint` (and so by CI). A module imports only from its own floor
// or below; the emulator stands apart, as Discord does. README "How the code is laid out" and
// docs/adr/0007 say why. tests/architecture.test.ts shows each rule failing on a wrong-way import.
//
// Floors, from the ground up (a path matches the first floor whose pattern it matches):
const floors = [
  { name: 'foundation', path: '^src/(clock|log|text|result)\\.ts$' },
  { name: 'language', path: '^src/i18n/' },
  { name: 'data', path: '^src/data/' },
  { name: 'briefs', path: '^src/briefs/' },
  { name: 'render', path: '^src/render/' },
  { name: 'store', path: '^src/store/' },
  { name: 'scheduler', path: '^src/scheduler/' },
  { name: 'services', path: '^src/(delivery|commands|ops)/' },
  { name: 'bot', path: '^src/(bot/|app\\.ts$)' },
  {
    name: 'entry points',
    path: '^src/(index|shard-manager|rest-proxy|deploy-commands|healthcheck)\\.ts$|^src/playground/',
  },
];

const upwardImports = floors.slice(0, -1).map((floor, index) => ({
  name: `${floor.name}-imports-only-below`,
  comment: `${floor.name} may import only from its own floor or below (${floors
    .slice(0, index + 1)
    .map((below) => below.name)
    .join(', ')}, config)`,
  severity: 'error',
  from: { path: floor.path },
  to: {
    path: floors
      .slice(index + 1)
      .map((above) => above.path)
      .join('|'),
  },
}));

module.exports = {
  forbidden: [
    {
      name: 'config-is-a-leaf',
      comment: 'config.ts imports nothing from src, so a health check loads only it and zod',
      severity: 'error',
      from: { path: '^src/config\\.ts$' },
      to: { path: '^src/' },
    },
    ...upwardImports,
    {
      name: 'emulator-imports-nothing-of-the-bot',
      comment: 'the emulator stands for Discord: its limits and rules come from Discord, not from us',
      severity: 'error',
      from: { path: '^src/emulator/' },
      to: { path: '^src/', pathNot: '^src/emulator/' },
    },
    {
      name: 'only-the-playground-loads-the-emulator',
      comment: 'production processes never load the emulator; the playground is loaded only without a token',
      severity: 'error',
      from: { path: '^src/', pathNot: '^src/(emulator|playground)/' },
      to: { path: '^src/emulator/' },
    },
    {
      name: 'index-loads-the-playground-lazily',
      comment: 'src/index.ts may reach the playground only through a dynamic import()',
      severity: 'error',
      from: { path: '^src/index\\.ts$' },
      to: { path: '^src/playground/', dependencyTypesNot: ['dynamic-import'] },
    },
    {
      name: 'discord-stays-at-the-edge',
      comment: 'only bot/, commands/, delivery/, render/ and the entry points speak discord.js',
      severity: 'error',
      from: { path: '^src/(data|briefs|store|scheduler)/|^src/(config|clock|log|text|result)\\.ts$' },
      to: { path: '(^|/)node_modules/(discord\\.js|discord-api-types|@discordjs)/' },
    },
    {
      name: 'no-circular',
      severity: 'error',
      from: {},
      to: { circular: true },
    },
    {
      name: 'no-orphans',
      comment: 'a module nothing imports is dead code (entry points excepted)',
      severity: 'error',
      from: {
        orphan: true,
        pathNot: [
          '\\.d\\.ts$',
          '^src/(index|shard-manager|rest-proxy|deploy-commands|healthcheck)\\.ts$',
          '^src/data/check-facts\\.ts$',
        ],
      },
      to: {},
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    includeOnly: '^src/|node_modules/(discord\\.js|discord-api-types|@discordjs)/',
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default', 'types'],
      extensions: ['.ts', '.js', '.mjs', '.cjs', '.d.ts'],
    },
  },
};
