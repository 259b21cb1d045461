import type { ComponentChildren } from 'preact';
import type { Resource } from '../resource';

export function Loading({ what }: { what: string }) {
  return <p class="state" role="status" aria-live="polite">Loading {what}…</p>;
}

export function Empty({ children }: { children: ComponentChildren }) {
  return <p class="state empty">{children}</p>;
}

export function Failure({ error, what }: { error: Error; what: string }) {
  const code = (error as { code?: string }).code;
  return (
    <p class="state error" role="alert">
      Could not load {what}: {code ? <code>{code}</code> : null} {error.message}
    </p>
  );
}

/**
 * The three states every view has before it has data: loading, an error, or nothing to show.
 * An error after data was loaded keeps the data on screen and says the refresh failed.
 */
export function Loaded<T>({ resource, what, isEmpty, empty, children }: {
  resource: Resource<T>;
  what: string;
  isEmpty?: (data: T) => boolean;
  empty?: ComponentChildren;
  children: (data: T) => ComponentChildren;
}) {
  const { data, error, loading } = resource;
  if (data === undefined) {
    if (error) return <Failure error={error} what={what} />;
    return loading ? <Loading what={what} /> : null;
  }
  return (
    <>
      {error ? <Failure error={error} what={`the latest ${what}`} /> : null}
      {isEmpty?.(data) ? <Empty>{empty ?? `No ${what} yet.`}</Empty> : children(data)}
    </>
  );
}

/** A wide table scrolls sideways on a phone instead of squeezing the page; the region keeps it reachable by keyboard. */
export function TableBox({ label, children }: { label: string; children: ComponentChildren }) {
  return (
    <div class="table-box" role="region" aria-label={label} tabIndex={0}>
      <table>
        <caption class="sr-only">{label}</caption>
        {children}
      </table>
    </div>
  );
}

export function Section({ title, children, id }: { title: string; children: ComponentChildren; id?: string }) {
  const headingId = `${id ?? title.toLowerCase().replace(/[^a-z0-9]+/g, '-')}-heading`;
  return (
    <section aria-labelledby={headingId} class="card">
      <h2 id={headingId}>{title}</h2>
      {children}
    </section>
  );
}
