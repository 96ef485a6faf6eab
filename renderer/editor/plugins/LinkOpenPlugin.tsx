import { useLexicalComposerContext } from '@lexical/react/LexicalComposerContext';
import { useEffect } from 'react';
import type { HostClient } from '../../../shared/host/contract';

/**
 * Ctrl/Cmd+click (or a plain click while not editing) on a link in a note opens it in the OS
 * browser through the host, which only lets http(s) and mailto links out. Mentions are
 * in-app links and keep their normal navigation.
 */
export function LinkOpenPlugin({ host, onError }: { host: HostClient; onError(message: string): void }): null {
  const [editor] = useLexicalComposerContext();
  useEffect(() => {
    const onClick = (e: MouseEvent): void => {
      const a = (e.target as HTMLElement | null)?.closest('a[href]');
      if (!a || a.classList.contains('mention')) return;
      e.preventDefault();
      if (!(e.ctrlKey || e.metaKey) && editor.isEditable()) return;
      host.request('shell.openExternal', { url: a.getAttribute('href') ?? '' }).catch((err: unknown) => {
        onError(err instanceof Error ? err.message : String(err));
      });
    };
    return editor.registerRootListener((root, prev) => {
      prev?.removeEventListener('click', onClick);
      root?.addEventListener('click', onClick);
    });
  }, [editor, host, onError]);
  return null;
}
