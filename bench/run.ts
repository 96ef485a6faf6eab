/**
 * `npm run bench`: runs every benchmark part and prints ONE JSON object on stdout (keys name the
 * figure and its unit). Progress and errors go to stderr only.
 */
import { runSearchBench } from './search';
import { runWorkspaceBench } from './workspace';

type Part = { name: string; run: () => Promise<Record<string, number | string | boolean>> };

const parts: Part[] = [
  { name: 'workspace', run: runWorkspaceBench },
  { name: 'search', run: runSearchBench },
];

async function main(): Promise<void> {
  const result: Record<string, number | string | boolean> = {
    node_version: process.version,
    gc_exposed: typeof (globalThis as { gc?: unknown }).gc === 'function',
  };
  let ok = true;
  for (const part of parts) {
    process.stderr.write(`bench: ${part.name}…\n`);
    const values = await part.run();
    Object.assign(result, values);
    if (values.meets_targets === false) ok = false;
  }
  result.meets_targets = ok && Object.entries(result).every(([k, v]) => !k.endsWith('meets_targets') || v !== false);
  process.stdout.write(JSON.stringify(result, null, 2) + '\n');
}

main().catch((err: unknown) => {
  process.stderr.write(`bench failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exitCode = 1;
});
