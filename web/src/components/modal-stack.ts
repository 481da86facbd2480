/*
 * While a modal is open, everything else on the page is inert: not read by screen readers (which
 * aria-modal alone does not ensure: several browse the whole page regardless), not focusable, not
 * clickable, not found by find-in-page. Modals are portaled into <body>, so "everything else" is
 * every other child of <body>: the app's root above all. With modals over modals, the topmost is
 * the one left live; closing in any order leaves the right ones inert.
 */

/** Open modals' outermost elements, in the order they opened. */
const open: Element[] = [];
/** The elements made inert here (one already inert for another reason is left to its owner). */
const madeInert = new Set<Element>();

function update(): void {
  const top = open.at(-1);
  const wanted = new Set<Element>();
  if (top !== undefined) {
    for (const child of document.body.children) if (!child.contains(top)) wanted.add(child);
  }
  for (const element of madeInert) {
    if (wanted.has(element)) continue;
    element.removeAttribute('inert');
    madeInert.delete(element);
  }
  for (const element of wanted) {
    if (element.hasAttribute('inert')) continue;
    element.setAttribute('inert', '');
    madeInert.add(element);
  }
}

/** Makes the rest of the page inert while `modal` is open; call the returned function on close. */
export function holdModal(modal: Element): () => void {
  open.push(modal);
  update();
  return () => {
    const index = open.lastIndexOf(modal);
    if (index !== -1) open.splice(index, 1);
    update();
  };
}
