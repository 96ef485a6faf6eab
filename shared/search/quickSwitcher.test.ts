import { describe, expect, it } from 'vitest';
import { createPersonResolver } from './people';
import { QuickSwitcher, type SwitcherItem } from './quickSwitcher';

const items: SwitcherItem[] = [
  { id: 'p1', kind: 'person', title: 'María López', aliases: ['Mari'] },
  { id: 'p2', kind: 'person', title: 'José Núñez' },
  { id: 'p3', kind: 'person', title: 'Marius Berg' },
  { id: 'n1', kind: 'conversation', title: 'Coffee with María', date: '2024-05-01' },
  { id: 'n2', kind: 'journal', title: 'Journal 2024-06-01', date: '2024-06-01' },
  { id: 'n3', kind: 'conversation', title: 'Dinner with José', date: '2023-01-01' },
];
const titles = (r: { item: SwitcherItem }[]): string[] => r.map((x) => x.item.title);

describe('QuickSwitcher', () => {
  const qs = new QuickSwitcher(items);

  it('lists recent items first when the box is empty, then newest', () => {
    const r = qs.search('', { recentIds: ['p2', 'n1'], limit: 4 });
    expect(r.map((x) => x.item.id)).toEqual(['p2', 'n1', 'n2', 'n3']);
  });

  it('finds names without accents and with typos', () => {
    expect(titles(qs.search('jose nunez'))[0]).toBe('José Núñez');
    expect(titles(qs.search('jsoe nunez'))[0]).toBe('José Núñez');
    expect(titles(qs.search('maria lopez'))[0]).toBe('María López');
    expect(titles(qs.search('lopez'))[0]).toBe('María López');
  });

  it('matches words in any order and by aliases', () => {
    expect(titles(qs.search('maria coffee'))).toEqual(['Coffee with María']);
    expect(qs.search('mari').map((x) => x.item.id)).toContain('p1');
  });

  it('filters by kind and favours recent items on near ties', () => {
    expect(qs.search('jose', { kinds: ['conversation'] }).map((x) => x.item.id)).toEqual(['n3']);
    expect(qs.search('mar', { recentIds: ['p3'] })[0]?.item.id).toBe('p3');
  });

  it('returns title highlights', () => {
    const [r] = qs.search('nunez');
    const hl = r!.highlights.map((h) => r!.item.title.slice(h.start, h.end)).join('');
    expect(hl).toContain('Núñez');
  });

  it('supports upsert and remove', () => {
    const q2 = new QuickSwitcher(items);
    q2.upsert({ id: 'n2', kind: 'journal', title: 'Trip to Zanzibar', date: '2024-06-01' });
    expect(titles(q2.search('zanzibar'))).toEqual(['Trip to Zanzibar']);
    expect(q2.search('journal 2024-06')).toEqual([]);
    q2.remove('p2');
    expect(q2.search('jose nunez').map((x) => x.item.id)).not.toContain('p2');
    expect(q2.size).toBe(items.length - 1);
  });
});

describe('createPersonResolver', () => {
  const resolve = createPersonResolver([
    { id: 'p1', name: 'María López' },
    { id: 'p2', name: 'Maria Berg' },
    { id: 'p3', name: 'Mariana Silva' },
    { id: 'p4', name: 'José Núñez', aliases: ['Pepe'] },
  ]);

  it('prefers exact name words, accent-insensitively', () => {
    expect(resolve('maria').sort()).toEqual(['p1', 'p2']);
    expect(resolve('María López')).toEqual(['p1']);
    expect(resolve('jose')).toEqual(['p4']);
    expect(resolve('pepe')).toEqual(['p4']);
  });

  it('falls back to prefixes while typing, then to fuzzy matching', () => {
    expect(resolve('maria').includes('p3')).toBe(false);
    expect(resolve('marian')).toEqual(['p3']);
    expect(resolve('lopes')).toEqual(['p1']);
    expect(resolve('zzzz')).toEqual([]);
  });
});
