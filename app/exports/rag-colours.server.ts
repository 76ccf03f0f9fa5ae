// RAG as a coloured cell in the Word and Excel files: a solid GOV.UK colour with text that keeps at
// least 4.5:1 contrast on it (WCAG AA), and the cell always carries the word too, so the rating
// survives black-and-white printing and colour blindness. Anything that is not Red, Amber, Green
// or Blue (a plan item with no rating yet, "Not scheduled") is grey.

export interface CellColour {
  /** Background, RRGGBB. */
  fill: string;
  /** Text, RRGGBB. */
  text: string;
}

const WHITE = "FFFFFF";
const BLACK = "0B0C0C"; // GOV.UK text colour

export const RAG_CELL_COLOURS: Readonly<Record<"red" | "amber" | "green" | "blue" | "grey", CellColour>> = {
  red: { fill: "D4351C", text: WHITE },
  amber: { fill: "F47738", text: BLACK },
  green: { fill: "00703C", text: WHITE },
  blue: { fill: "1D70B8", text: WHITE },
  grey: { fill: "505A5F", text: WHITE },
};

/** The colours of a RAG rating's cell; grey for anything that is not Red, Amber, Green or Blue. */
export function ragCellColour(rag: string): CellColour {
  return rag === "red" || rag === "amber" || rag === "green" || rag === "blue"
    ? RAG_CELL_COLOURS[rag]
    : RAG_CELL_COLOURS.grey;
}

/** The light grey of a table's header row. */
export const HEADER_FILL = "F3F2F1";
