import { describe, expect, it } from "vitest";
import { MAX_STORED_INTEGER, RecordIdParam, storedInteger } from "./record-id";

describe("numbers from forms and URLs", () => {
  it("fit PostgreSQL's integer columns: a larger id is refused, not sent to the database", () => {
    expect(storedInteger().safeParse(String(MAX_STORED_INTEGER)).data).toBe(MAX_STORED_INTEGER);
    expect(storedInteger().safeParse(String(MAX_STORED_INTEGER + 1)).success).toBe(false);
    expect(storedInteger().safeParse("9007199254740993").success).toBe(false);
    expect(storedInteger().safeParse("0").success).toBe(false);
    expect(storedInteger("Open the page again").safeParse("x").error?.issues[0].message).toBe("Open the page again");
  });

  it("read a URL's id from digits alone", () => {
    expect(RecordIdParam.safeParse("42").data).toBe(42);
    for (const tampered of ["042", "4e2", " 42", "-1", "2147483648", "99999999999"]) {
      expect(RecordIdParam.safeParse(tampered).success, tampered).toBe(false);
    }
  });
});
