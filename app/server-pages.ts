// Pages the HTTP server answers itself, before Remix sees a request (a form from another site, a
// body over its limit, a web address too long to read). Plain HTML in the service's GOV.UK style,
// with the same header as every page, no script, and nothing but our own style sheet.

import { CROSS_ORIGIN_MESSAGE } from "./utils/same-origin";
import type { BodyLimit } from "./utils/body-limits";

// Attributes here are always in double quotes, so an apostrophe needs no escaping.
const escapeHtml = (text: string) =>
  text.replace(/[&<>"]/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;" })[c]!);

/** One page: `paragraphs` are HTML (callers escape what they interpolate). */
export function serverPage(title: string, paragraphs: string[]): string {
  return `<!DOCTYPE html>
<html lang="en" class="govuk-template">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)} – Followthrough</title>
<link rel="stylesheet" href="/styles/app.css">
</head>
<body class="govuk-template__body">
<a href="#main-content" class="govuk-skip-link">Skip to main content</a>
<header class="govuk-header" role="banner">
<div class="govuk-header__container govuk-width-container">
<div class="govuk-header__logo">
<a href="/" class="govuk-header__link govuk-header__service-name app-header__service-name">Followthrough</a>
</div>
</div>
</header>
<div class="govuk-width-container">
<main class="govuk-main-wrapper" id="main-content" role="main">
<h1 class="govuk-heading-l">${escapeHtml(title)}</h1>
${paragraphs.map((p) => `<p class="govuk-body">${p}</p>`).join("\n")}
</main>
</div>
</body>
</html>
`;
}

export const CROSS_ORIGIN_PAGE = serverPage("Form refused", [
  `${escapeHtml(CROSS_ORIGIN_MESSAGE)} Nothing was saved.`,
  `If you were using Followthrough, <a class="govuk-link" href="/">go back to your dashboard</a> and try again.`,
]);

/** What the 413 answer says: the limit, what happened, what to do. */
export function tooLargeMessage(limit: BodyLimit): string {
  return (
    `${limit.what} can be up to ${limit.label}. What you sent was larger, so Followthrough stopped reading it and nothing was saved. ` +
    (limit.file
      ? "Choose a smaller file, or remove the parts you do not need (for example images or extra worksheets), and try again."
      : "Shorten what you typed and try again.")
  );
}

/** The 413 page: what was too large, the limit, and the way back. */
export function tooLargePage(limit: BodyLimit): string {
  return serverPage(limit.file ? "The file is too large" : "The form is too large", [
    escapeHtml(tooLargeMessage(limit)),
    `<a class="govuk-link" href="${escapeHtml(limit.back)}">Go back and try again</a>`,
  ]);
}

/** Answered (400) when a request's address and headers are more than the server reads. */
export const ADDRESS_TOO_LONG_PAGE = serverPage("The web address is too long", [
  "The address of the page you asked for (or the information your browser sent with it) is longer than Followthrough reads. This can happen when a link has been copied with a very long list of choices in it.",
  `<a class="govuk-link" href="/">Go to your dashboard</a> and choose again.`,
]);
