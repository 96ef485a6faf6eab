import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isWithin, realFileWithin, realRootOf } from './containment';

// Real folders and real symlinks in a temp folder; the root itself is reached through a link, as
// on a machine where the app's folder sits behind a linked /tmp or home directory.
let base: string;
let root: string;
beforeAll(() => {
  base = mkdtempSync(join(tmpdir(), 'kindred-containment-'));
  mkdirSync(join(base, 'renderer', 'assets'), { recursive: true });
  mkdirSync(join(base, 'renderer-evil'));
  writeFileSync(join(base, 'renderer', 'index.html'), 'inside');
  writeFileSync(join(base, 'renderer-evil', 'x.js'), 'sibling');
  writeFileSync(join(base, 'secret.txt'), 'outside');
  symlinkSync(join(base, 'renderer'), join(base, 'linked-root'));
  symlinkSync(join(base, 'secret.txt'), join(base, 'renderer', 'assets', 'out.js'));
  symlinkSync(join(base, 'renderer-evil'), join(base, 'renderer', 'assets', 'sib'));
  symlinkSync(join(base, 'renderer', 'index.html'), join(base, 'renderer', 'assets', 'in.html'));
  symlinkSync(join(base, 'nowhere'), join(base, 'renderer', 'assets', 'dangling.js'));
});
afterAll(() => rmSync(base, { recursive: true, force: true }));

describe('isWithin', () => {
  it('is strict and not fooled by a sibling whose name starts the same', () => {
    expect(isWithin('/a/renderer', '/a/renderer/x.js')).toBe(true);
    expect(isWithin('/a/renderer', '/a/renderer')).toBe(false);
    expect(isWithin('/a/renderer', '/a/renderer-evil/x.js')).toBe(false);
    expect(isWithin('/a/renderer', '/a/x.js')).toBe(false);
    expect(isWithin('/a/renderer', '/a/renderer/..x/y')).toBe(true); // a folder named "..x" is inside
  });
});

describe('realFileWithin', () => {
  it('follows links only while they stay inside, and resolves a linked root', async () => {
    root = await realRootOf(join(base, 'linked-root'));
    expect(root).toBe(await realRootOf(join(base, 'renderer')));
    expect(await realFileWithin(root, join(root, 'index.html'))).toBe(join(root, 'index.html'));
    expect(await realFileWithin(root, join(root, 'assets', 'in.html'))).toBe(join(root, 'index.html'));
    expect(await realFileWithin(root, join(root, 'assets', 'out.js'))).toBeNull();
    expect(await realFileWithin(root, join(root, 'assets', 'sib', 'x.js'))).toBeNull();
    expect(await realFileWithin(root, join(root, 'assets', 'dangling.js'))).toBeNull();
    expect(await realFileWithin(root, join(root, 'assets'))).toBeNull(); // a folder is not a file
    expect(await realFileWithin(root, join(base, 'secret.txt'))).toBeNull();
  });
});
