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
