import type { EditorThemeClasses } from 'lexical';

export const editorTheme: EditorThemeClasses = {
  paragraph: 'ed-p',
  heading: { h1: 'ed-h1', h2: 'ed-h2', h3: 'ed-h3' },
  quote: 'ed-quote',
  code: 'ed-code',
  link: 'ed-link',
  list: {
    ul: 'ed-ul',
    ol: 'ed-ol',
    listitem: 'ed-li',
    listitemChecked: 'ed-li-checked',
    listitemUnchecked: 'ed-li-unchecked',
    nested: { listitem: 'ed-li-nested' },
  },
  text: {
    bold: 'ed-bold',
    italic: 'ed-italic',
    underline: 'ed-underline',
    code: 'ed-inline-code',
    strikethrough: 'ed-strike',
  },
};
