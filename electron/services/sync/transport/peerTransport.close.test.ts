/**
 * close() releases everything: run a real session in a child process and require that it exits
 * by itself (no process.exit) soon after closing, with the other side having seen the close.
 */
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { expect, it } from 'vitest';

it('leaves no open handles: the process exits on its own, and the peer sees the close', async () => {
  const child = spawn(process.execPath, ['--import', 'tsx', fileURLToPath(new URL('./transportExit.child.ts', import.meta.url))], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (err += chunk.toString()));
  let doneAt = 0;
  const code = await new Promise<number | null>((resolve) => {
    const killer = setTimeout(() => {
      child.kill('SIGKILL');
    }, 15000);
    child.stdout.on('data', () => {
      if (out.includes('\n') && !doneAt) doneAt = Date.now();
    });
    child.once('exit', (exitCode) => {
      clearTimeout(killer);
      resolve(exitCode);
    });
  });
  const exitedAfterMs = Date.now() - doneAt;
  expect(err).toBe('');
  expect(code, 'the child was killed: something kept it alive after close()').toBe(0);
  const report = JSON.parse(out.trim()) as { via: string; otherSideSawCloseMs: number; afterClose: string };
  console.info(`close: peer saw it in ${report.otherSideSawCloseMs} ms (via ${report.via}); process exited ${exitedAfterMs} ms after the last close`);
  expect(report.otherSideSawCloseMs).toBeLessThan(1000);
  expect(report.afterClose).toBe('offline');
  expect(exitedAfterMs).toBeLessThan(2000);
}, 20000);
