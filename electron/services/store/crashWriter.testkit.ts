/** What the crash-test writer child writes, shared with the test that checks it. */
export const CRASH_DOCS = ['crash-0', 'crash-1', 'crash-2', 'crash-3', 'crash-4', 'crash-5'];
export const crashWord = (docId: string, n: number): string => `${docId.slice(-1)}w${n} `;
export const crashText = (docId: string, words: number): string => {
  let s = '';
  for (let i = 0; i < words; i++) s += crashWord(docId, i);
  return s;
};
