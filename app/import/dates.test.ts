import { describe, expect, it } from "vitest";

import { findDate, parseDate, parseDateRange } from "./dates";

describe("parseDate", () => {
  it("reads printed dates", () => {
    expect(parseDate("28 October 2011")).toBe("2011-10-28");
    expect(parseDate("26th February 2024")).toBe("2024-02-26");
    expect(parseDate("1 Sept 2019")).toBe("2019-09-01");
  });
  it("rejects impossible or partial dates", () => {
    expect(parseDate("31 February 2024")).toBeNull();
    expect(parseDate("12 Smarch 2020")).toBeNull();
    expect(parseDate("12")).toBeNull();
  });
  it("finds a date inside a line", () => {
    expect(findDate("Report published: 30 June 2014")).toBe("2014-06-30");
    expect(findDate("Published: soon")).toBeNull();
    expect(findDate("Report published: 10/08/2015")).toBe("2015-08-10");
  });
});

describe("parseDateRange", () => {
  it.each([
    ["12 – 23 September 2011", "2011-09-12", "2011-09-23"],
    ["20 May-1 June 2012", "2012-05-20", "2012-06-01"],
    ["6–17 June 2011", "2011-06-06", "2011-06-17"],
    ["1 July 2024 to 12 July 2024", "2024-07-01", "2024-07-12"],
    ["19 November – 11 December 2013", "2013-11-19", "2013-12-11"],
    ["30 December to 5 January 2020", "2019-12-30", "2020-01-05"],
    ["30 September to 11 October 2024 and 13 to 16 January 2025", "2024-09-30", "2025-01-16"],
    ["4 December 2020", "2020-12-04", "2020-12-04"],
    ["1/06/2015 – 25/06/2015", "2015-06-01", "2015-06-25"],
  ])("%s", (text, start, end) => {
    expect(parseDateRange(text)).toEqual({ start, end });
  });
  it("gives nulls for text that is not a date range", () => {
    expect(parseDateRange("to be confirmed")).toEqual({ start: null, end: null });
  });
});
