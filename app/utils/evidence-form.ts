import { z } from "zod";
import { parseUkDate } from "./dates";

// The "Add evidence" form: its limits (shown in the page's hints) and its schema. The file itself is
// checked on the server (size while reading, type from its content).

export const EVIDENCE_MAX_BYTES = 25 * 1024 * 1024;
export const EVIDENCE_MAX_LABEL = "25 MB";
export const EVIDENCE_DESCRIPTION_MAX = 2000;
export const EVIDENCE_URL_MAX = 2000;
export const EVIDENCE_WITHDRAW_REASON_MAX = 1000;

/** The file types evidence may be, as detected from content by app/utils/file-type.server.ts. */
export const EVIDENCE_FILE_TYPES = {
  pdf: { label: "PDF", mime: "application/pdf", extensions: [".pdf"] },
  docx: {
    label: "Word document",
    mime: "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    extensions: [".docx"],
  },
  xlsx: {
    label: "Excel workbook",
    mime: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    extensions: [".xlsx"],
  },
  pptx: {
    label: "PowerPoint presentation",
    mime: "application/vnd.openxmlformats-officedocument.presentationml.presentation",
    extensions: [".pptx"],
  },
  doc: { label: "Word 97-2003 document", mime: "application/msword", extensions: [".doc"] },
  xls: { label: "Excel 97-2003 workbook", mime: "application/vnd.ms-excel", extensions: [".xls"] },
  png: { label: "PNG image", mime: "image/png", extensions: [".png"] },
  jpeg: { label: "JPEG image", mime: "image/jpeg", extensions: [".jpg", ".jpeg"] },
  gif: { label: "GIF image", mime: "image/gif", extensions: [".gif"] },
  webp: { label: "WebP image", mime: "image/webp", extensions: [".webp"] },
  csv: { label: "CSV file", mime: "text/csv", extensions: [".csv"] },
  text: { label: "Text file", mime: "text/plain", extensions: [".txt", ".text", ".md"] },
} as const;

export type EvidenceFileType = keyof typeof EVIDENCE_FILE_TYPES;

export function isEvidenceFileType(value: string): value is EvidenceFileType {
  return Object.hasOwn(EVIDENCE_FILE_TYPES, value);
}

/** For messages: what the upload accepts, in words a council officer uses. */
export const ACCEPTED_FILES_TEXT =
  "a PDF, Word (.docx or .doc), Excel (.xlsx or .xls), PowerPoint (.pptx), image (PNG, JPEG, GIF or WebP), plain text or CSV file";

/** "PDF, 1.2 MB" for a stored file's type and size. */
export function describeStoredFile(type: string, size: number): string {
  const label = isEvidenceFileType(type) ? EVIDENCE_FILE_TYPES[type].label : "File";
  if (size < 1024) return `${label}, ${size} bytes`;
  if (size < 1024 * 1024) return `${label}, ${Math.round(size / 1024)} KB`;
  return `${label}, ${(size / (1024 * 1024)).toFixed(1)} MB`;
}

export const EVIDENCE_KINDS = { note: "Note", link: "Link to a document", file: "File upload" } as const;
export const EVIDENCE_PURPOSES = {
  completion: { label: "Completion", hint: "The work was done" },
  impact: { label: "Impact", hint: "Children's experiences improved" },
} as const;

export const EvidenceFormSchema = z
  .object({
    kind: z.enum(["note", "link", "file"], { message: "Choose a note, a link or a file" }),
    purpose: z.enum(["completion", "impact"], { message: "Choose whether this shows completion or impact" }),
    description: z
      .string()
      .trim()
      .min(1, "Describe the evidence")
      .max(EVIDENCE_DESCRIPTION_MAX, `Keep the description under ${EVIDENCE_DESCRIPTION_MAX} characters`),
    url: z.string().trim().max(EVIDENCE_URL_MAX, "Enter a shorter link").default(""),
    evidenceDate: z
      .string()
      .trim()
      .default("")
      .transform((v, ctx) => {
        if (v === "") return null;
        const iso = parseUkDate(v);
        if (!iso) ctx.addIssue({ code: "custom", message: "Enter a real date for the evidence, or leave it blank" });
        return iso;
      }),
  })
  .superRefine((form, ctx) => {
    if (form.kind === "link" && !/^https?:\/\/[^\s/]+\S*$/i.test(form.url)) {
      ctx.addIssue({ code: "custom", path: ["url"], message: "Enter a link starting with https:// or http://" });
    }
  });
export type EvidenceForm = z.infer<typeof EvidenceFormSchema>;

export const WithdrawEvidenceSchema = z.object({
  reason: z
    .string()
    .trim()
    .min(1, "Say why this evidence is being withdrawn")
    .max(EVIDENCE_WITHDRAW_REASON_MAX, `Keep the reason under ${EVIDENCE_WITHDRAW_REASON_MAX} characters`),
});
