import type { MetaFunction } from "@remix-run/node";
import { pageTitle } from "../components/forms";

/** The accessibility statement UK public sector bodies publish for their services (PSBAR 2018). */
export default function AccessibilityStatement() {
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <h1 className="govuk-heading-l">Accessibility statement for Followthrough</h1>
        <p className="govuk-body">
          Followthrough is used by council staff and board members to track an Ofsted improvement plan. We want as many
          people as possible to be able to use it. You should be able to:
        </p>
        <ul className="govuk-list govuk-list--bullet">
          <li>change colours, contrast levels and fonts using your browser or device settings</li>
          <li>
            zoom in up to 400% without the text spilling off the screen (a wide table scrolls sideways in its own box)
          </li>
          <li>navigate every page using just a keyboard, starting with the &ldquo;Skip to main content&rdquo; link</li>
          <li>use every form with JavaScript switched off</li>
          <li>listen to every page using a screen reader; every chart has a table with the same figures</li>
        </ul>
        <p className="govuk-body">
          RAG ratings are always written as words (Red, Amber, Green, Blue) as well as shown in colour, and their meanings
          are printed beside every progress view.
        </p>
        <h2 className="govuk-heading-m">How accessible this service is</h2>
        <p className="govuk-body">
          This service is designed to meet the Web Content Accessibility Guidelines (WCAG) version 2.2 at level AA, using
          GOV.UK Design System patterns. Every page is checked automatically with axe in a real browser for each kind of user
          before a change is released.
        </p>
        <p className="govuk-body">Known limitations:</p>
        <ul className="govuk-list govuk-list--bullet">
          <li>
            Inspection reports and evidence files that people upload are shown as they were provided; a PDF without a text
            layer cannot be read by the service or by a screen reader.
          </li>
          <li>The printable board pack is laid out for paper; the Word version is better for screen readers.</li>
        </ul>
        <h2 className="govuk-heading-m">Reporting accessibility problems</h2>
        <p className="govuk-body">
          If you find a problem not listed here, tell your improvement lead or your council&rsquo;s digital team, who look
          after this installation. If you are not happy with how your complaint is handled, contact the Equality Advisory and
          Support Service (EASS).
        </p>
        <h2 className="govuk-heading-m">Enforcement procedure</h2>
        <p className="govuk-body">
          The Equality and Human Rights Commission (EHRC) is responsible for enforcing the Public Sector Bodies (Websites and
          Mobile Applications) (No. 2) Accessibility Regulations 2018.
        </p>
      </div>
    </div>
  );
}

export const meta: MetaFunction = () => [{ title: pageTitle("Accessibility statement") }];
