import { execFileSync } from 'node:child_process';

/**
 * The layers of ../shared/STYLE.md, as `npm run lint` enforces them: each row lints an existing
 * file of a folder with one import put in its place, and expects the layer rule to refuse (or
 * allow) it. ESLint loads its flat config through a dynamic import that jest's VM cannot run, so
 * one child Node process lints every row.
 */
const ROOT = `${__dirname}/../..`;

function restrictedImports(probes: readonly (readonly [file: string, importLine: string])[]): string[][] {
  const script = `
    import { ESLint } from 'eslint';
    // The layer rule needs no type information: skip building the TypeScript program.
    const eslint = new ESLint({
      cwd: process.cwd(),
      overrideConfig: [{ languageOptions: { parserOptions: { projectService: false } }, rules: { '@typescript-eslint/no-floating-promises': 'off' } }],
    });
    const probes = JSON.parse(process.argv[1]);
    const out = [];
    for (const [file, line] of probes) {
      const [result] = await eslint.lintText(line + '\\nexport const probe = 1;\\n', { filePath: file });
      out.push(result.messages.filter((m) => m.ruleId === 'no-restricted-imports').map((m) => m.message));
    }
    console.log(JSON.stringify(out));`;
  const stdout = execFileSync(process.execPath, ['--input-type=module', '-e', script, JSON.stringify(probes)], {
    cwd: ROOT,
    encoding: 'utf8',
  });
  return JSON.parse(stdout) as string[][];
}

const refused: [string, string, RegExp][] = [
  ['domain/naming.ts', "import '../cli/format';", /domain\/ may import config\/ only/],
  ['domain/cost/planner.ts', "import '../../lib/cluster-stack';", /domain\/ may import config\/ only/],
  ['domain/cost/planner.ts', "import 'aws-cdk-lib';", /pure logic/],
  ['domain/cost/planner.ts', "import '@aws-sdk/client-route-53';", /pure logic/],
  ['domain/cost/planner.ts', "import 'node:fs';", /pure logic/],
  ['domain/cost/planner.ts', "import 'node:child_process';", /pure logic/],
  ['lib/cluster-stack.ts', "import '../cli/cost';", /lib\/ may import/],
  ['charts/service-chart.ts', "import '../cli';", /charts\/ and constructs\/ may import/],
  ['constructs/shared-cluster.ts', "import '../cli/selection';", /charts\/ and constructs\/ may import/],
  ['cli/format.ts', "import '../lib/cluster-stack';", /cli\/ may import config\/ and domain\/ only/],
  ['config/tiers.ts', "import '../domain/cost/planner';", /config\/ imports nothing of ours/],
];
const allowed: [string, string][] = [
  ['domain/cost/planner.ts', "import '../../config';"],
  ['config/rules.ts', "import '../domain/naming';"],
  ['config/rules.ts', "import '../domain/kubernetes-releases';"],
  ['lib/cluster-stack.ts', "import '../domain/naming';"],
  ['cli/format.ts', "import '../domain/traffic/shares';"],
];

test('a wrong import arrow fails lint with the layer rule; a right one passes', () => {
  const messages = restrictedImports([...refused, ...allowed].map(([file, line]) => [file, line] as const));
  refused.forEach(([file, line, message], i) => {
    expect({ file, line, messages: messages[i] }).toEqual({ file, line, messages: [expect.stringMatching(message)] });
  });
  allowed.forEach(([file, line], i) => {
    expect({ file, line, messages: messages[refused.length + i] }).toEqual({ file, line, messages: [] });
  });
});
