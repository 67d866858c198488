// One numbered step of a guided setup page, titled for screen readers and the eye.
import type { ReactNode } from 'react';

interface Props {
  /** `setup` or `export`: the title's id is `<page>-step-<n>`. */
  page: string;
  n: number;
  title: string;
  children: ReactNode;
}

export function Step({ page, n, title, children }: Props) {
  const id = `${page}-step-${String(n)}`;
  return (
    <section className="setup-step" aria-labelledby={id}>
      <h3 id={id} className="setup-step__title">
        {n}. {title}
      </h3>
      {children}
    </section>
  );
}

interface PageProps {
  /** `setup` or `export`: ids are `<page>-title`, `<page>-cancel`. */
  page: string;
  title: string;
  onCancel: () => void;
  children: ReactNode;
}

/** A guided setup page: its title, Cancel, then its steps. */
export function SetupPage({ page, title, onCancel, children }: PageProps) {
  return (
    <section className="screen setup" aria-labelledby={`${page}-title`}>
      <div className="screen__header setup-header">
        <h2 id={`${page}-title`} className="screen__title">
          {title}
        </h2>
        <button type="button" id={`${page}-cancel`} className="button" onClick={onCancel}>
          Cancel
        </button>
      </div>
      {children}
    </section>
  );
}
