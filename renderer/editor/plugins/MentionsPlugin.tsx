import { useLexicalComposerContext } from '@lexical/react/LexicalComposerContext';
import { LexicalTypeaheadMenuPlugin, MenuOption, type MenuTextMatch } from '@lexical/react/LexicalTypeaheadMenuPlugin';
import { $createTextNode, $insertNodes, $isTextNode, type TextNode } from 'lexical';
import { useCallback, useMemo, useState, type JSX } from 'react';
import { createPortal } from 'react-dom';
import { matchPeople } from '../../../shared/domain/peopleSearch';
import { normalizeName } from '../../../shared/domain/workspace';
import { useWorkspace } from '../../state/AppServices';
import { Name } from '../../ui/Name';
import { $createMentionNode } from '../nodes/MentionNode';

/**
 * Typing "@" opens a fuzzy list of people (fuse.js); Enter picks one, or creates a new person
 * from what was typed. Names may have one space ("@Maria Lopez").
 */
const TRIGGER = /(^|\s|\()@((?:[^\s@.,!?;:()[\]{}"]{0,40})(?: [^\s@.,!?;:()[\]{}"]{0,40})?)$/;

export function mentionTrigger(text: string): MenuTextMatch | null {
  const m = TRIGGER.exec(text);
  if (!m) return null;
  const lead = m[1] ?? '';
  const query = m[2] ?? '';
  return { leadOffset: m.index + lead.length, matchingString: query, replaceableString: `@${query}` };
}

class PersonOption extends MenuOption {
  constructor(
    readonly personId: string | null,
    readonly label: string,
  ) {
    super(personId ?? `new:${label}`);
  }
}

export function MentionsPlugin({ onCreatePerson }: { onCreatePerson(name: string): string }): JSX.Element {
  const [editor] = useLexicalComposerContext();
  const { people } = useWorkspace();
  const [query, setQuery] = useState<string | null>(null);
  const peopleList = useMemo(() => [...people.values()], [people]);

  const options = useMemo(() => {
    if (query === null) return [];
    const q = query.trim();
    const matches = matchPeople(peopleList, q, 7).map((p) => new PersonOption(p.id, p.name));
    const name = normalizeName(q);
    const exact = matches.some((o) => o.label.toLocaleLowerCase() === name.toLocaleLowerCase());
    if (name && !exact) matches.push(new PersonOption(null, name));
    return matches;
  }, [peopleList, query]);

  const onSelect = useCallback(
    (option: PersonOption, nodeToReplace: TextNode | null, closeMenu: () => void) => {
      const personId = option.personId ?? onCreatePerson(option.label);
      editor.update(() => {
        const mention = $createMentionNode(personId);
        if (nodeToReplace) {
          $dropStaleTrigger(nodeToReplace);
          nodeToReplace.replace(mention);
        } else $insertNodes([mention]);
        const space = $createTextNode(' ');
        mention.insertAfter(space);
        space.select(1, 1);
      });
      closeMenu();
    },
    [editor, onCreatePerson],
  );

  return (
    <LexicalTypeaheadMenuPlugin<PersonOption>
      onQueryChange={setQuery}
      onSelectOption={onSelect}
      triggerFn={mentionTrigger}
      options={options}
      menuRenderFn={(anchor, { selectedIndex, selectOptionAndCleanUp, setHighlightedIndex }) =>
        anchor.current && options.length > 0
          ? createPortal(
              <ul className="typeahead" role="listbox" aria-label="People to mention">
                {options.map((option, i) => (
                  <li
                    key={option.key}
                    id={`mention-option-${i}`}
                    role="option"
                    aria-selected={selectedIndex === i}
                    className={selectedIndex === i ? 'selected' : ''}
                    ref={option.setRefElement}
                    tabIndex={-1}
                    onMouseEnter={() => setHighlightedIndex(i)}
                    onMouseDown={(e) => {
                      e.preventDefault();
                      selectOptionAndCleanUp(option);
                    }}
                  >
                    {option.personId ? (
                      <Name>{option.label}</Name>
                    ) : (
                      <>
                        Add “<Name>{option.label}</Name>” as a new person
                      </>
                    )}
                  </li>
                ))}
              </ul>,
              anchor.current,
            )
          : null
      }
    />
  );
}

/**
 * When typing outruns the menu, Lexical splits off the query by its *old* length and can leave
 * the start of "@name" in front of the mention ("@Mar" + @Maria). The replaced text should begin
 * with "@"; if it does not, remove the stray trigger text just before it.
 */
function $dropStaleTrigger(nodeToReplace: TextNode): void {
  if (nodeToReplace.getTextContent().startsWith('@')) return;
  const prev = nodeToReplace.getPreviousSibling();
  if (!$isTextNode(prev)) return;
  const text = prev.getTextContent();
  const stray = /(^|\s|\()(@[^\s@]*(?: [^\s@]*)?)$/.exec(text);
  if (stray) prev.setTextContent(text.slice(0, stray.index + (stray[1]?.length ?? 0)));
}
