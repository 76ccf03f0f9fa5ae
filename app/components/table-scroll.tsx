import { useEffect, useId, useRef, useState } from "react";

/**
 * A table (`govuk-table`, plus `className`) with its caption, in its own scrolling region, so it
 * scrolls sideways on a narrow screen instead of pushing the page wider (WCAG 1.4.10 reflow).
 * While the table is wider than the region, the region is named by the table's caption and can be
 * focused, so keyboard users can scroll it with the arrow keys. Once JavaScript runs it is only
 * that while the table overflows (followed as either is resized), so a table that fits adds no tab
 * stop or landmark; without JavaScript every region stays focusable. `children` are the table's
 * head and body.
 */
export function TableScroll({
  caption,
  captionClassName,
  className,
  children,
}: {
  caption: React.ReactNode;
  captionClassName: string;
  className?: string;
  children: React.ReactNode;
}) {
  const captionId = useId();
  const region = useRef<HTMLDivElement>(null);
  const [scrolls, setScrolls] = useState(true);
  useEffect(() => {
    const element = region.current;
    if (!element || typeof ResizeObserver === "undefined") return;
    const follow = () => setScrolls(element.scrollWidth > element.clientWidth);
    const observer = new ResizeObserver(follow);
    observer.observe(element);
    if (element.firstElementChild) observer.observe(element.firstElementChild);
    follow();
    return () => observer.disconnect();
  }, []);
  return (
    <div
      ref={region}
      className="app-table-scroll"
      {...(scrolls ? { role: "region", "aria-labelledby": captionId, tabIndex: 0 } : {})}
    >
      <table className={className ? `govuk-table ${className}` : "govuk-table"}>
        <caption id={captionId} className={captionClassName}>
          {caption}
        </caption>
        {children}
      </table>
    </div>
  );
}
