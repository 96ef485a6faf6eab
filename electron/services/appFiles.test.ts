import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CONTENT_SECURITY_POLICY, mimeTypeFor, resolveAppPath, serveAppFile } from './appFiles';

let base: string;
let root: string;
beforeAll(() => {
  base = mkdtempSync(join(tmpdir(), 'kindred-appfiles-'));
  root = join(base, 'renderer');
  mkdirSync(join(root, 'assets'), { recursive: true });
  writeFileSync(join(root, 'index.html'), '<!doctype html><title>Kindred</title>');
  writeFileSync(join(root, 'assets', 'app.js'), 'console.log(1)');
  writeFileSync(join(root, 'assets', 'app.css'), 'body{}');
  writeFileSync(join(base, 'secret.txt'), 'outside the renderer folder');
  mkdirSync(join(base, 'elsewhere'));
  writeFileSync(join(base, 'elsewhere', 'notes.js'), 'outside the renderer folder');
  // Links a build step, a package manager or an attacker with write access could leave behind.
  symlinkSync(join(base, 'secret.txt'), join(root, 'assets', 'secret.js'));
  symlinkSync(join(base, 'elsewhere'), join(root, 'assets', 'elsewhere'));
  symlinkSync(join(root, 'assets', 'app.js'), join(root, 'assets', 'alias.js'));
});
afterAll(() => rmSync(base, { recursive: true, force: true }));

const text = (body: Uint8Array | null): string => new TextDecoder().decode(body ?? new Uint8Array());

describe('resolveAppPath', () => {
  it('maps the root and folders to index.html', () => {
    expect(resolveAppPath(root, 'kindred://app/')).toBe(join(root, 'index.html'));
    expect(resolveAppPath(root, 'kindred://app')).toBe(join(root, 'index.html'));
    expect(resolveAppPath(root, 'kindred://app/assets/')).toBe(join(root, 'assets', 'index.html'));
  });

  it('ignores query and hash', () => {
    expect(resolveAppPath(root, 'kindred://app/assets/app.js?v=1#x')).toBe(join(root, 'assets', 'app.js'));
  });

  it('keeps dot segments inside the folder (the URL parser already removed them)', () => {
    expect(resolveAppPath(root, 'kindred://app/../secret.txt')).toBe(join(root, 'secret.txt'));
    expect(resolveAppPath(root, 'kindred://app/%2e%2e/secret.txt')).toBe(join(root, 'secret.txt'));
  });

  it.each([
    'kindred://app/assets/..%2f..%2fsecret.txt',
    'kindred://app/..%5csecret.txt',
    'kindred://app/index.html%00.js',
    'kindred://app/%E0%A4%A',
    'kindred://other/index.html',
    'https://app/index.html',
    'not a url',
  ])('refuses %s', (url) => {
    expect(resolveAppPath(root, url)).toBeNull();
  });
});

describe('serveAppFile', () => {
  it('serves index.html with the CSP and HTML type', async () => {
    const r = await serveAppFile(root, 'kindred://app/');
    expect(r.status).toBe(200);
    expect(r.headers['Content-Type']).toBe('text/html; charset=utf-8');
    expect(r.headers['Content-Security-Policy']).toBe(CONTENT_SECURITY_POLICY);
    expect(r.headers['X-Content-Type-Options']).toBe('nosniff');
    expect(text(r.body)).toContain('<title>Kindred</title>');
  });

  it('serves assets with their MIME types', async () => {
    expect((await serveAppFile(root, 'kindred://app/assets/app.js')).headers['Content-Type']).toMatch(/^text\/javascript/);
    expect((await serveAppFile(root, 'kindred://app/assets/app.css')).headers['Content-Type']).toMatch(/^text\/css/);
  });

  it('falls back to index.html for extensionless client-side routes', async () => {
    const r = await serveAppFile(root, 'kindred://app/people/ada');
    expect(r.status).toBe(200);
    expect(text(r.body)).toContain('Kindred');
  });

  it('answers 404 for a missing asset and for traversal attempts', async () => {
    expect((await serveAppFile(root, 'kindred://app/assets/missing.js')).status).toBe(404);
    const escape = await serveAppFile(root, 'kindred://app/..%2fsecret.txt');
    expect(escape.status).toBe(404);
    expect(text(escape.body)).not.toContain('outside');
  });

  it('answers 404 for symlinks that lead out of the folder, file or folder, GET or HEAD', async () => {
    for (const url of ['kindred://app/assets/secret.js', 'kindred://app/assets/elsewhere/notes.js']) {
      for (const method of ['GET', 'HEAD']) {
        const r = await serveAppFile(root, url, method);
        expect(r.status, `${method} ${url}`).toBe(404);
        expect(text(r.body)).not.toContain('outside');
      }
    }
    // A link that stays inside the folder is still served.
    const alias = await serveAppFile(root, 'kindred://app/assets/alias.js');
    expect(alias.status).toBe(200);
    expect(text(alias.body)).toBe('console.log(1)');
  });

  it('answers HEAD without a body and refuses other methods', async () => {
    const head = await serveAppFile(root, 'kindred://app/index.html', 'HEAD');
    expect(head.status).toBe(200);
    expect(head.body).toBeNull();
    expect((await serveAppFile(root, 'kindred://app/index.html', 'POST')).status).toBe(405);
  });

  it('has the exact CSP the app is held to', () => {
    expect(CONTENT_SECURITY_POLICY).toBe(
      "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; " +
        "font-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'none'; " +
        "frame-ancestors 'none'",
    );
  });
});

describe('mimeTypeFor', () => {
  it('knows web types and defaults to octet-stream', () => {
    expect(mimeTypeFor('a.WOFF2')).toBe('font/woff2');
    expect(mimeTypeFor('a.svg')).toBe('image/svg+xml');
    expect(mimeTypeFor('a.wasm')).toBe('application/wasm');
    expect(mimeTypeFor('a.unknown')).toBe('application/octet-stream');
  });
});
