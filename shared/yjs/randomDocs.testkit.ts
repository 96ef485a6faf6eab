import fc from 'fast-check';
import * as Y from 'yjs';

/**
 * Random multi-client editing histories for the splitter's property tests: records as Y.Maps of
 * fields in a root map (like shared/domain/workspace.ts), Y.Text with formatting, Y.Array, and
 * Lexical's @lexical/yjs shape (an XmlText root holding XmlText paragraphs, embedded Y.Maps for
 * text node properties, attributes) next to an XmlFragment of XmlElements. Syncs between docs at
 * random moments make later clients depend on earlier ones and vice versa.
 */
export type Op =
  | { k: 'rec'; d: number; key: number; fields: [string, string | number][] }
  | { k: 'field'; d: number; pick: number; name: string; value: string | number | boolean }
  | { k: 'unrec'; d: number; pick: number }
  | { k: 'text'; d: number; at: number; s: string; bold: boolean }
  | { k: 'untext'; d: number; at: number; n: number }
  | { k: 'fmt'; d: number; at: number; n: number }
  | { k: 'arr'; d: number; at: number; v: (string | number)[] }
  | { k: 'unarr'; d: number; at: number; n: number }
  | { k: 'para'; d: number; at: number; s: string }
  | { k: 'typing'; d: number; pick: number; at: number; s: string }
  | { k: 'unpara'; d: number; pick: number }
  | { k: 'xml'; d: number; at: number; tag: string; s: string }
  | { k: 'unxml'; d: number; pick: number }
  | { k: 'sync'; d: number; to: number };

const doc = fc.nat(4);
const frac = fc.double({ min: 0, max: 1, noNaN: true, maxExcluded: true });
const text = fc.string({ unit: fc.constantFrom('a', 'b', ' ', 'é', '日', '😀', 'z'), maxLength: 12 });
const scalar = fc.oneof(text, fc.integer({ min: -1e6, max: 1e6 }));

export const opArb: fc.Arbitrary<Op> = fc.oneof(
  fc.record({ k: fc.constant('rec' as const), d: doc, key: fc.nat(30), fields: fc.array(fc.tuple(fc.constantFrom('name', 'date', 'kind', 'createdAt', 'place'), scalar), { maxLength: 6 }) }),
  fc.record({ k: fc.constant('field' as const), d: doc, pick: frac, name: fc.constantFrom('name', 'note', 'deletedAt'), value: fc.oneof(scalar, fc.boolean()) }),
  fc.record({ k: fc.constant('unrec' as const), d: doc, pick: frac }),
  fc.record({ k: fc.constant('text' as const), d: doc, at: frac, s: text, bold: fc.boolean() }),
  fc.record({ k: fc.constant('untext' as const), d: doc, at: frac, n: fc.nat(6) }),
  fc.record({ k: fc.constant('fmt' as const), d: doc, at: frac, n: fc.nat(6) }),
  fc.record({ k: fc.constant('arr' as const), d: doc, at: frac, v: fc.array(scalar, { minLength: 1, maxLength: 4 }) }),
  fc.record({ k: fc.constant('unarr' as const), d: doc, at: frac, n: fc.nat(3) }),
  fc.record({ k: fc.constant('para' as const), d: doc, at: frac, s: text }),
  fc.record({ k: fc.constant('typing' as const), d: doc, pick: frac, at: frac, s: text }),
  fc.record({ k: fc.constant('unpara' as const), d: doc, pick: frac }),
  fc.record({ k: fc.constant('xml' as const), d: doc, at: frac, tag: fc.constantFrom('p', 'h1', 'li'), s: text }),
  fc.record({ k: fc.constant('unxml' as const), d: doc, pick: frac }),
  fc.record({ k: fc.constant('sync' as const), d: doc, to: doc }),
);

const idx = (f: number, n: number): number => Math.min(n, Math.floor(f * (n + 1)));

/**
 * Runs the ops on `count` docs (ops for a missing doc go to doc d % count); returns the docs.
 * Without `formats`, text is inserted without Y.Text formatting marks (which splitUpdate never
 * splits) and `fmt` ops do nothing.
 */
export function playOps(count: number, ops: Op[], gc: boolean, formats = true): Y.Doc[] {
  const docs = Array.from({ length: count }, (_, i) => {
    const d = new Y.Doc({ gc });
    d.clientID = 1000 + i * 7919; // deterministic, distinct, not in section order
    return d;
  });
  for (const op of ops) {
    const d = docs[op.d % count] as Y.Doc;
    const reg = d.getMap<Y.Map<unknown>>('registry');
    const keys = [...reg.keys()].sort();
    const t = d.getText('text');
    const a = d.getArray<unknown>('list');
    const lex = d.get('root', Y.XmlText) as Y.XmlText;
    const paras = lex.toDelta().map((x: { insert: unknown }) => x.insert).filter((x: unknown) => x instanceof Y.XmlText) as Y.XmlText[];
    const frag = d.getXmlFragment('frag');
    switch (op.k) {
      case 'rec': {
        const rec = new Y.Map<unknown>();
        for (const [name, v] of op.fields) rec.set(name, v);
        reg.set(`r${op.key}`, rec);
        break;
      }
      case 'field': {
        const key = keys[idx(op.pick, keys.length - 1)];
        if (key !== undefined) reg.get(key)?.set(op.name, op.value);
        break;
      }
      case 'unrec': {
        const key = keys[idx(op.pick, keys.length - 1)];
        if (key !== undefined) reg.delete(key);
        break;
      }
      case 'text':
        t.insert(idx(op.at, t.length), op.s, op.bold && formats ? { bold: true } : {});
        break;
      case 'untext': {
        const at = idx(op.at, t.length);
        t.delete(at, Math.min(op.n, t.length - at));
        break;
      }
      case 'fmt': {
        if (!formats) break;
        const at = idx(op.at, t.length);
        t.format(at, Math.min(op.n, t.length - at), { italic: true });
        break;
      }
      case 'arr':
        a.insert(idx(op.at, a.length), op.v);
        break;
      case 'unarr': {
        const at = idx(op.at, a.length);
        a.delete(at, Math.min(op.n, a.length - at));
        break;
      }
      case 'para': {
        // @lexical/yjs: a paragraph is an XmlText embedded in the root XmlText, its text nodes
        // are Y.Map embeds (node properties) followed by the text.
        const p = new Y.XmlText();
        lex.insertEmbed(idx(op.at, lex.length), p);
        p.setAttribute('__type', 'paragraph');
        const props = new Y.Map<unknown>();
        p.insertEmbed(0, props);
        props.set('__type', 'text');
        props.set('__format', 0);
        p.insert(1, op.s);
        break;
      }
      case 'typing': {
        const p = paras[idx(op.pick, paras.length - 1)];
        if (p !== undefined) p.insert(idx(op.at, p.length), op.s);
        break;
      }
      case 'unpara': {
        const target = paras[idx(op.pick, paras.length - 1)];
        if (target === undefined) break;
        let pos = 0;
        for (const part of lex.toDelta() as { insert: unknown }[]) {
          if (part.insert === target) {
            lex.delete(pos, 1);
            break;
          }
          pos += typeof part.insert === 'string' ? part.insert.length : 1;
        }
        break;
      }
      case 'xml': {
        const el = new Y.XmlElement(op.tag);
        frag.insert(idx(op.at, frag.length), [el]);
        el.setAttribute('dir', 'ltr');
        const tx = new Y.XmlText();
        el.insert(0, [tx]);
        tx.insert(0, op.s, formats ? { bold: true } : {});
        break;
      }
      case 'unxml':
        if (frag.length > 0) frag.delete(idx(op.pick, frag.length - 1), 1);
        break;
      case 'sync': {
        const to = docs[op.to % count] as Y.Doc;
        if (to !== d) Y.applyUpdate(to, Y.encodeStateAsUpdate(d, Y.encodeStateVector(to)));
        break;
      }
    }
  }
  return docs;
}

/** JSON with object keys sorted: a Y.Map's key order follows integration order, not content. */
export function canonical(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(canonical);
  if (v !== null && typeof v === 'object' && !(v instanceof Y.AbstractType)) {
    const o = v as Record<string, unknown>;
    return Object.fromEntries(Object.keys(o).sort().map((k) => [k, canonical(o[k])]));
  }
  return v instanceof Y.AbstractType ? canonical(v.toJSON()) : v;
}

/** Every root type's content, canonical (the same names playOps uses). */
export function rootsJSON(d: Y.Doc): unknown {
  return canonical({
    registry: d.getMap('registry').toJSON(),
    text: d.getText('text').toDelta(),
    list: d.getArray('list').toJSON(),
    root: (d.get('root', Y.XmlText) as Y.XmlText).toString(),
    frag: d.getXmlFragment('frag').toString(),
  });
}

export interface Applied {
  doc: Y.Doc;
  /** How many Y.applyUpdate calls left structs pending. */
  pendingAfter: number;
}

/** Applies the chunks one by one into a fresh doc, counting applications that left pending structs. */
export function applyChunks(chunks: Uint8Array[], gc = true): Applied {
  const doc = new Y.Doc({ gc });
  let pendingAfter = 0;
  for (const c of chunks) {
    Y.applyUpdate(doc, c);
    if (doc.store.pendingStructs !== null) pendingAfter++;
  }
  return { doc, pendingAfter };
}

export function deleteSetsEqual(a: Y.Doc, b: Y.Doc): boolean {
  return Y.equalDeleteSets(Y.createDeleteSetFromStructStore(a.store), Y.createDeleteSetFromStructStore(b.store));
}

export function sameDoc(a: Y.Doc, b: Y.Doc): boolean {
  return (
    bytesEqual(Y.encodeStateVector(a), Y.encodeStateVector(b)) &&
    JSON.stringify(rootsJSON(a)) === JSON.stringify(rootsJSON(b)) &&
    deleteSetsEqual(a, b)
  );
}

export function bytesEqual(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}
