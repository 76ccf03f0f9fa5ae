import { useId } from "react";

/**
 * A wide table's own scrolling region, so it scrolls sideways on a narrow screen instead of
 * pushing the page wider (WCAG 1.4.10 reflow). The region is named by the table's caption and
 * can be focused, so keyboard users can scroll it with the arrow keys.
 */
export function TableScroll({ children }: { children: (captionId: string) => React.ReactNode }) {
  const captionId = useId();
  return (
    <div className="app-table-scroll" role="region" aria-labelledby={captionId} tabIndex={0}>
      {children(captionId)}
    </div>
  );
}
