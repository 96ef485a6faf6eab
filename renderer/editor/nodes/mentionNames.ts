import { resolvePerson } from '../../state/workspaceView';

/**
 * Names for mentions outside React (copy as text, plain-text export). The app points this at
 * the registry once at start-up (see `mentionNameFrom`); the chip itself reads the registry
 * through React. People in Trash, purged or merged still have a name here: their mentions show
 * it (merged: the survivor's).
 */
let resolveName: (personId: string) => string | undefined = () => undefined;

export function setMentionNameResolver(fn: (personId: string) => string | undefined): void {
  resolveName = fn;
}

/**
 * Whether `personId` is someone in this workspace. Pasted content (HTML or Lexical JSON) can
 * carry any id; only known ones become mention chips (MentionNode.importDOM/importJSON).
 */
export function isKnownPerson(personId: string): boolean {
  return personId !== '' && resolveName(personId) !== undefined;
}

export function mentionName(personId: string): string {
  return resolveName(personId) ?? 'someone';
}

/** The resolver the app installs: live, gone and merged people by the name a mention shows. */
export function mentionNameFrom(getSnapshot: () => Parameters<typeof resolvePerson>[0]): (personId: string) => string | undefined {
  return (id) => {
    const r = resolvePerson(getSnapshot(), id);
    return r.kind === 'unknown' ? undefined : r.name;
  };
}
