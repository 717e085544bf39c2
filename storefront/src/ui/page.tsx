import { useEffect, useRef, type ReactNode } from 'react';

/** A page: its heading takes focus on arrival, so keyboard and screen-reader users start there. */
export function Page(props: { title: string; children: ReactNode }) {
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    document.title = `${props.title} · shopgraph store`;
    heading.current?.focus({ preventScroll: true });
  }, [props.title]);
  return (
    <>
      <h1 ref={heading} tabIndex={-1}>
        {props.title}
      </h1>
      {props.children}
    </>
  );
}
