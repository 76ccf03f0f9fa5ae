// Text for the XML parts of Word and Excel files. Whatever people typed goes through here, so a
// stray control character (pasted from another program, or sent on purpose) can never make a file
// that Word or Excel refuses to open: XML 1.0 has no way to write them, so they are dropped.

// Characters XML 1.0 cannot hold: C0 controls other than tab, line feed and carriage return;
// unpaired surrogates; U+FFFE and U+FFFF.
const NOT_XML = new RegExp(
  // Matching control characters is the point here.
  // eslint-disable-next-line no-control-regex
  "[\\u0000-\\u0008\\u000B\\u000C\\u000E-\\u001F\\uFFFE\\uFFFF]|[\\uD800-\\uDBFF](?![\\uDC00-\\uDFFF])|(?<![\\uD800-\\uDBFF])[\\uDC00-\\uDFFF]",
  "g",
);

/** Text safe inside an XML element or attribute value. */
export function xmlEscape(value: string): string {
  return value
    .replace(NOT_XML, "")
    .replaceAll("&", "&amp;")
    .replaceAll("<", "&lt;")
    .replaceAll(">", "&gt;")
    .replaceAll('"', "&quot;");
}

export const XML_DECLARATION = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n';

/** docProps/core.xml with a fixed author and the given time, so the same document gives the same bytes. */
export function corePropertiesXml({
  title,
  description,
  stamp,
}: {
  title: string;
  description: string;
  stamp: Date;
}): string {
  const when = stamp.toISOString().replace(/\.\d{3}Z$/, "Z");
  return (
    XML_DECLARATION +
    '<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" ' +
    'xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" ' +
    'xmlns:dcmitype="http://purl.org/dc/dcmitype/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">' +
    `<dc:title>${xmlEscape(title)}</dc:title><dc:creator>Followthrough</dc:creator>` +
    `<dc:description>${xmlEscape(description)}</dc:description><cp:lastModifiedBy>Followthrough</cp:lastModifiedBy>` +
    `<dcterms:created xsi:type="dcterms:W3CDTF">${when}</dcterms:created>` +
    `<dcterms:modified xsi:type="dcterms:W3CDTF">${when}</dcterms:modified>` +
    "</cp:coreProperties>"
  );
}

/** docProps/app.xml naming the application. */
export function appPropertiesXml(application: "Microsoft Office Word" | "Microsoft Excel"): string {
  return (
    XML_DECLARATION +
    '<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties" ' +
    'xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes">' +
    `<Application>${application === "Microsoft Excel" ? "Microsoft Excel" : "Microsoft Office Word"}</Application>` +
    "<Company>Followthrough</Company></Properties>"
  );
}

/** Noon UTC on a document's date: a fixed instant for its metadata and zip entries. */
export function documentInstant(isoDate: string): Date {
  return new Date(`${isoDate}T12:00:00Z`);
}
