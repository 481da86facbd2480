import { type ReactNode, useEffect, useId, useRef } from 'react';
import { createPortal } from 'react-dom';
import './actions.css';
import { holdModal } from './modal-stack';

interface ConfirmDialogProps {
  title: string;
  children: ReactNode;
  /** The buttons at the bottom: cancel first, the action last. */
  actions: ReactNode;
  /** Escape or the backdrop; ignored while `busy`. */
  onClose: () => void;
  busy?: boolean;
  testId?: string;
}

/**
 * A modal for a destructive step: what will go and the bytes that come back, then the buttons.
 * The page behind is inert while it is open (modal-stack.ts); focus moves into it, stays there
 * and goes back where it was on close; Escape closes it unless something is running.
 */
export function ConfirmDialog({
  title,
  children,
  actions,
  onClose,
  busy,
  testId,
}: ConfirmDialogProps) {
  const titleId = useId();
  const ref = useRef<HTMLDivElement>(null);
  const backdropRef = useRef<HTMLDivElement>(null);
  const closeRef = useRef(onClose);
  const busyRef = useRef(busy);
  useEffect(() => {
    closeRef.current = onClose;
    busyRef.current = busy;
  });

  useEffect(() => {
    const previous = document.activeElement as HTMLElement | null;
    const dialog = ref.current;
    const release = backdropRef.current === null ? null : holdModal(backdropRef.current);
    dialog?.focus();
    const onKey = (event: KeyboardEvent) => {
      if (event.key === 'Escape' && !busyRef.current) {
        event.preventDefault();
        closeRef.current();
      }
      if (event.key !== 'Tab' || dialog === null) return;
      const focusable = [
        ...dialog.querySelectorAll<HTMLElement>(
          'button:not([disabled]), a[href], input:not([disabled]), select:not([disabled]), ' +
            'textarea:not([disabled]), [tabindex]:not([tabindex="-1"])',
        ),
      ];
      const first = focusable[0];
      const last = focusable[focusable.length - 1];
      if (first === undefined || last === undefined) return;
      if (event.shiftKey && document.activeElement === first) {
        event.preventDefault();
        last.focus();
      } else if (!event.shiftKey && document.activeElement === last) {
        event.preventDefault();
        first.focus();
      }
    };
    document.addEventListener('keydown', onKey);
    return () => {
      document.removeEventListener('keydown', onKey);
      // The page first, then the focus: an inert element takes none.
      release?.();
      previous?.focus?.();
    };
  }, []);

  return createPortal(
    <div className="dialog-backdrop" ref={backdropRef}>
      <div
        ref={ref}
        className="dialog"
        role="dialog"
        aria-modal="true"
        aria-labelledby={titleId}
        tabIndex={-1}
        data-testid={testId}
      >
        <h2 id={titleId} className="dialog-title">
          {title}
        </h2>
        <div className="dialog-body">{children}</div>
        <div className="dialog-actions">{actions}</div>
      </div>
    </div>,
    document.body,
  );
}
